import { HeadingLevel, Paragraph } from 'docx';
import type { RecordOfDecision } from '../domain/record-of-decision';

/**
 * The report's appendices: its supporting documents. The body lists those that are not
 * exempt, by title and file; the exempt ones are named only in the confidential
 * appendix, so the published report says no more than that there are some.
 */
export function appendixBlocks(record: RecordOfDecision): { body: Paragraph[]; confidential: Paragraph[] } {
  if (!record.appendices.length) return { body: [], confidential: [] };
  const open = record.appendices.filter((a) => a.exempt === false);
  const exempt = record.appendices.filter((a) => a.exempt !== false);
  const body = [
    new Paragraph({ text: 'Appendices', heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 } }),
    ...open.map((a, i) => new Paragraph({ text: `Appendix ${i + 1}: ${a.title} (${a.fileName})`, bullet: { level: 0 } })),
    ...(exempt.length
      ? [
          new Paragraph({
            text: 'Further appendices contain exempt information under Schedule 12A to the Local Government Act 1972 and are not for publication: see the confidential appendix.',
            spacing: { before: 120, after: 120 },
          }),
        ]
      : []),
  ];
  const confidential = exempt.map(
    (a, i) =>
      new Paragraph({
        text: `Exempt appendix ${i + 1}: ${a.title} (${a.fileName})${a.exempt && a.exempt.paragraph ? `, exempt under paragraph ${a.exempt.paragraph} of Schedule 12A` : ''}`,
        bullet: { level: 0 },
      }),
  );
  return { body, confidential };
}
