import { plainText } from '../../cards/render';
import { SCHEDULE_12A } from '../../domain/case-sections';
import type { DocumentEntry, DocumentExemption } from '../../domain/documents';

/** An exemption as typed; 'ask' when it is exempt but the paragraph was not given. */
export type TypedExemption = DocumentExemption | 'ask' | undefined;

const EXEMPT = /^(?:exempt|confidential)(?:\s*(?:under\s+)?(?:schedule\s*12a\s*,?\s*)?(?:para(?:graph)?\.?\s*)?([1-7]))?$/i;
const NOT_EXEMPT = /^(?:not\s+exempt|no|none|not confidential|public)$/i;

/** "not exempt", "no", "exempt 3", "exempt under paragraph 3", "3" (at the exemption question). */
export function parseExemption(text: string): TypedExemption {
  const t = text.trim().replace(/[.!]+$/, '');
  if (NOT_EXEMPT.test(t)) return false;
  if (/^[1-7]$/.test(t)) return { paragraph: Number(t) };
  const exempt = EXEMPT.exec(t);
  if (!exempt) return undefined;
  return exempt[1] ? { paragraph: Number(exempt[1]) } : 'ask';
}

/**
 * A title and exemption in one answer: "Structure chart, exempt 1", "Job description, not
 * exempt", or either alone. The exemption is read only at the end, after a comma or as the
 * whole answer, so a title that merely contains the words stays a title.
 */
export function parseDetails(text: string): { title?: string; exempt: TypedExemption } {
  const t = text.trim().replace(/[.!]+$/, '');
  const whole = parseExemption(t);
  if (whole !== undefined) return { exempt: whole };
  const split = [/^(.*\S)\s*[,;:–-]\s*([^,;:–-]+)$/, /^(.*?\S)\s+((?:not\s+exempt|exempt\b).*)$/i]
    .map((re) => re.exec(t))
    .find((m) => m && parseExemption(m[2]!) !== undefined);
  const tail = split ? parseExemption(split[2]!) : undefined;
  const title = cleanTitle(split ? split[1]! : t);
  return { ...(title ? { title } : {}), exempt: tail };
}

function cleanTitle(text: string): string | undefined {
  const title = text
    .trim()
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return /[\p{L}\p{N}]/u.test(title) ? title : undefined;
}

export function askDetails(entry: DocumentEntry, number: number): string {
  const title = plainText(entry.title, 200);
  return `What should document ${number} be called, and is it exempt from publication? Type its title and **not exempt**, or **exempt** with its Schedule 12A paragraph, e.g. **${title}, not exempt** or **${title}, exempt 1**. Just **not exempt** (or **exempt 1**) keeps the title "${title}".`;
}

export function askExemption(entry: DocumentEntry, number: number): string {
  const paragraphs = Object.entries(SCHEDULE_12A)
    .map(([n, text]) => `${n}: ${text.replace(/^Information /, '').replace(/^relating to /, '')}`)
    .join('; ');
  return `Is document ${number}, "${plainText(entry.title, 200)}", exempt from publication? Say **not exempt**, or **exempt** and its Schedule 12A paragraph (${paragraphs}), e.g. **exempt 1**.`;
}
