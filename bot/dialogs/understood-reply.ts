import { understoodCard, type UnderstoodCardData } from '../../cards/understood';
import type { RequestContent } from '../../domain/request';
import type { Understood, UnderstoodField } from '../../domain/understood';
import type { DraftRecord } from '../../storage/draft-repository';

/**
 * Quick entry's "I understood" as a card, at the revision the answer was saved as: each
 * change's fields beside the words they came from, and a fix button per change.
 */
const SHOWN = 5;

export function understoodReply(understood: Understood, saved: DraftRecord<RequestContent>): object {
  const count = understood.changes.length;
  // Five changes fill a card (Teams' size limit); the rest are on the summary, as every change is.
  const shown = understood.changes.slice(0, SHOWN);
  const data: UnderstoodCardData = {
    heading: understood.intro ?? (count ? `I understood ${count === 1 ? 'this change' : `these ${count} changes`}:` : 'I added this funding source:'),
    changes: shown.map((c) => ({
      number: String(c.index + 1),
      line: String(c.index),
      heading: c.heading,
      fields: c.fields.map(field),
      toAsk: c.toAsk.join(', '),
      notes: c.notes.join(' '),
      remarks: c.remarks.join(' '),
    })),
    funding: understood.funding.map((f) => ({ fields: f.fields.map(field) })),
    footer: count
      ? `Check each field against your words. If one is wrong, click Fix to correct it on the form.${count > SHOWN ? ` The other ${count - SHOWN} changes are on the summary.` : ''}`
      : '',
    draftKey: saved.draftId,
    version: saved.revision,
  };
  return understoodCard.render(data);
}

function field(f: UnderstoodField): UnderstoodCardData['changes'][number]['fields'][number] {
  const words = f.words ? `“${f.words.slice(0, 240)}”` : '';
  return { label: f.label, value: f.value, source: f.how ? `${f.how}${words ? `: ${words}` : ''}` : words };
}
