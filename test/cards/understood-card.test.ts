import { understoodReply } from '../../bot/dialogs/understood-reply';
import { MAX_CARD_BYTES } from '../../cards/render';
import { parseEntry, missingFields } from '../../domain/quick-entry';
import type { RequestContent } from '../../domain/request';
import { understoodChanges } from '../../domain/understood';
import type { DraftRecord } from '../../storage/draft-repository';

const saved = { draftId: 'd1', revision: 3 } as DraftRecord<RequestContent>;

describe('the "I understood" card', () => {
  it('shows at most five changes, fits Teams, and says where the rest are', () => {
    const text = Array.from(
      { length: 12 },
      (_, i) => `establish ${i + 1} fte Project Officer (Grade 5), £33,504 with on-costs, permanent, from 1 April 2027`,
    ).join('; ');
    const parsed = parseEntry(text).lines;
    expect(parsed).toHaveLength(12);
    const changes = understoodChanges(
      text,
      parsed,
      parsed.map((p) => p.line),
      missingFields,
      4,
    );
    const card = understoodReply({ changes, funding: [] }, saved);
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(MAX_CARD_BYTES);
    expect(json.match(/"verb":"draft\.fixLine"/g)).toHaveLength(5);
    expect(json).toContain('Fix change 5');
    expect(json).toContain('"line":"4"');
    expect(json).toContain('The other 7 changes are on the summary.');
  });

  it('keeps what the officer typed inert: quoted words are plain text, never markdown or a template field', () => {
    const text = 'establish 1 fte **Bold** Officer ${draftKey} (Grade 5), £33,504 with on-costs';
    const parsed = parseEntry(text).lines;
    const card = understoodReply(
      {
        changes: understoodChanges(
          text,
          parsed,
          parsed.map((p) => p.line),
          missingFields,
          0,
        ),
        funding: [],
      },
      saved,
    );
    expect(JSON.stringify(card)).not.toContain('**Bold**');
  });
});
