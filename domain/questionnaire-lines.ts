import { formatPounds, parsePounds } from './money';
import type { FundingSource } from './request';
import { isJobEvaluation, lookupCost } from './pay-table';
import { parseFunding } from './funding-entry';
import { looksLikeFunding, quoted } from './entry-reply';
import { lineRemarks, remarkNotes } from './answer-remarks';
import { readFieldAnswer } from './entry-field';
import { gradeAnswer } from './entry-grades';
import { fteAnswer, lineFromForm, settleEstimate } from './line-form';
import { describeLine, isUseful, missingFields, parseDate, parseEntry, parseTerm, type LineField, type ParseOptions } from './quick-entry';
import { understoodChanges, understoodFunding } from './understood';
import { CHANGE_KINDS, type ChangeKind, type RequestContent, type DraftLine } from './request';
import type { Answer, AnswerContext, AnswerResult } from './questionnaire';

export { fundingFromForm } from './line-form';

/** The changes and funding sources: quick entry, the change form, and one field at a time. */
export const KIND_CHOICES: Record<string, ChangeKind> = {
  establish: 'establish',
  disestablish: 'disestablish',
  regrade: 'regrade',
  'extend a fixed term': 'extend_fixed_term',
  'make permanent': 'make_permanent',
  'one-off payment': 'one_off_payment',
};

const REMOVE = /^(remove|delete|drop)(\s+(it|this|this change|that change|the change))?$/i;
/** "no" or "none" where a value is needed: never "is not an FTE", always a way out. */
const NOT_AN_ANSWER = /^(n|no|nope|none|not|done|finished|that's all|that is all|no more|nothing)\.?$/i;
const REMARKED: Partial<Record<LineField, Array<'fte' | 'cost' | 'jobTitle' | 'effectiveDate'>>> = {
  fte: ['fte'],
  cost: ['cost'],
  previousCost: ['cost'],
  jobTitle: ['jobTitle'],
  effectiveDate: ['effectiveDate'],
};

/**
 * Funding typed where a change was expected ("existing budget £21,960" at "Any more
 * changes?"): recorded as funding, and the list of changes taken as complete when it has
 * any, so nothing typed is lost and the officer is never stuck on a post that is not one.
 */
export function fundingTypedAsChange(draft: RequestContent, text: string, ctx: AnswerContext): AnswerResult | undefined {
  if (!looksLikeFunding(text)) return undefined;
  const entry = parseEntry(text, entryOptions(ctx));
  if (entry.lines.some((p) => isUseful(p.line))) return undefined;
  const parsed = parseFunding(text);
  if (!parsed.ok) return undefined;
  if (draft.funding.length >= 20) return { ok: false, message: 'A request can have at most 20 funding sources.' };
  const added = `${fundingLabel(parsed.value)} ${formatPounds(parsed.value.amountPence)}`;
  const understood = (intro: string) => ({ intro, changes: [], funding: [understoodFunding(text, parsed.value)] });
  if (draft.lines.length === 0) {
    return {
      ok: true,
      understood: understood(`That reads as funding, so I added it as a funding source: ${added}. Now the changes themselves.`),
      draft: { ...draft, funding: [...draft.funding, parsed.value], fundingComplete: false },
      reply: `That reads as funding, so I added it as a funding source: ${added}. Now the changes themselves.`,
    };
  }
  return {
    ok: true,
    understood: understood(
      `That reads as funding, so I added it as a funding source: ${added}, and took the list of changes as complete (say \`change changes\` to add another).`,
    ),
    draft: { ...draft, funding: [...draft.funding, parsed.value], linesComplete: true, fundingComplete: false },
    reply: `That reads as funding, so I added it as a funding source: ${added}, and took the list of changes as complete (say \`change changes\` to add another).`,
  };
}

export function fundingLabel(f: FundingSource): string {
  return f.description ?? f.kind.replace(/_/g, ' ');
}

export function addLines(draft: RequestContent, input: Answer, ctx: AnswerContext, at: number): AnswerResult {
  if (input.form) {
    const built = lineFromForm(input.form, ctx);
    if (!built.ok) return built;
    const lines = [...draft.lines];
    lines.splice(at, at < lines.length ? 1 : 0, built.line);
    return {
      ok: true,
      draft: { ...draft, lines, linesComplete: false },
      reply: `Saved: ${describeLine(built.line)}.${remarkNotes(lineRemarks(built.line, ctx))}`,
    };
  }
  const text = (input.text ?? '').trim();
  if (!text) return { ok: false, message: 'Please describe the change, or use the form.' };
  if (text.length > 2000) return { ok: false, message: 'That is too long for one change: describe each change in a sentence.' };
  const entry = parseEntry(text, entryOptions(ctx));
  const useful = entry.lines.filter((p) => isUseful(p.line));
  if (useful.length === 0 && looksLikeFunding(text)) {
    return {
      ok: false,
      message: `"${text.slice(0, 80)}" looks like funding rather than a change to a post. Say "no" to finish the list of changes, and I will ask how it is funded.`,
    };
  }
  // Never guess: anything the parser could not place is asked about, and nothing is recorded until it is clear.
  if (entry.questions.length > 0) {
    const read = useful.filter((p) => p.questions.length === 0).map((p) => `- ${describeLine(p.line)}`);
    return {
      ok: false,
      message: `Before I record anything, I need to check:\n${entry.questions.map((q) => `- ${q}`).join('\n')}${read.length ? `\n\nThe rest I read as:\n${read.join('\n')}` : ''}\n\nPlease say it again with that made clear (one change at a time is fine), or use the form.`,
    };
  }
  if (useful.length === 0)
    return {
      ok: false,
      message: `I could not find a post in "${text.slice(0, 80)}". Try "2 fte Service Organiser, Grade 4, £28,376 with on-costs, permanent, from 1 July 2018", or use the form.`,
    };
  if (draft.lines.length + useful.length > 50) return { ok: false, message: 'A request can have at most 50 changes.' };
  const lines = useful.map((p) => settleEstimate(p.line));
  const said = useful
    .map(
      (p, i) =>
        `${draft.lines.length + i + 1}. ${describeLine(lines[i]!)}${p.notes.length ? ` (${p.notes.join(' ')})` : ''}${quoted(p.quotes)}${remarkNotes(lineRemarks(lines[i]!, ctx))}`,
    )
    .join('\n');
  const changes = understoodChanges(text, useful, lines, missingFields, draft.lines.length).map((c, i) => ({
    ...c,
    remarks: lineRemarks(lines[i]!, ctx),
  }));
  return {
    ok: true,
    draft: { ...draft, lines: [...draft.lines, ...lines], linesComplete: false },
    reply: `I understood:\n${said}`,
    understood: { changes, funding: [] },
  };
}

function entryOptions(ctx: AnswerContext): ParseOptions {
  return { payTable: ctx.payTable, ...(ctx.fullTimeHours ? { fullTimeHours: ctx.fullTimeHours } : {}) };
}

export function answerLineField(draft: RequestContent, index: number, field: LineField, input: Answer, ctx: AnswerContext): AnswerResult {
  const line = draft.lines[index];
  if (!line) return { ok: false, message: 'That change no longer exists.' };
  if (input.form) return addLines(draft, input, ctx, index);
  const text = (input.text ?? '').trim();
  const update = (patch: Partial<DraftLine>): AnswerResult => {
    const lines = [...draft.lines];
    lines[index] = settleEstimate({ ...line, ...patch });
    const notes = lineRemarks(lines[index]!, ctx, REMARKED[field] ?? []);
    return { ok: true, draft: { ...draft, lines }, ...(notes.length ? { reply: `Note: ${notes.join(' ')}` } : {}) };
  };
  if (REMOVE.test(text)) {
    return {
      ok: true,
      draft: { ...draft, lines: draft.lines.filter((_, i) => i !== index), linesComplete: false },
      reply: `Removed change ${index + 1} (${describeLine(line)}).`,
    };
  }
  if (NOT_AN_ANSWER.test(text) && field !== 'kind') {
    return {
      ok: false,
      message: `Change ${index + 1} (${describeLine(line)}) still needs this. Give it, say **remove** to take this change out, or **back** to go back a question.`,
    };
  }
  // More than the field ("2 fte Officer (Grade 5, £33,504)" at the grade question): its parts, or a refusal, never the whole text.
  const viaEntry = (asField: () => AnswerResult): AnswerResult => {
    const reading = readFieldAnswer(line, index, field, text, entryOptions(ctx));
    if (reading.type === 'refuse') return { ok: false, message: reading.message };
    if (reading.type === 'field') return asField();
    const patch = { ...reading.patch };
    const merged = { ...line, ...patch };
    const found = patch.grade && merged.annualCostPerFtePence === undefined && ctx.payTable ? lookupCost(ctx.payTable, patch.grade, merged.scp) : undefined;
    if (found) patch.annualCostPerFtePence = found.annualCostPerFtePence;
    const lines = [...draft.lines];
    lines[index] = settleEstimate({ ...line, ...patch });
    const fromTable = found ? ` The cost comes from the ${found.source}: ${formatPounds(found.annualCostPerFtePence)} a year with on-costs.` : '';
    return { ok: true, draft: { ...draft, lines }, reply: `${reading.reply}${fromTable}${remarkNotes(lineRemarks(lines[index]!, ctx))}` };
  };
  switch (field) {
    case 'kind': {
      const kind = KIND_CHOICES[text.toLowerCase()] ?? (CHANGE_KINDS as readonly string[]).find((k) => k === text);
      return kind ? update({ kind: kind as ChangeKind }) : viaEntry(() => ({ ok: false, message: `Choose one of: ${Object.keys(KIND_CHOICES).join(', ')}.` }));
    }
    case 'fte': {
      const fte = fteAnswer(text, ctx);
      if (!fte.ok) return viaEntry(() => fte);
      const done = update({ fteHundredths: fte.value });
      return done.ok && fte.note ? { ...done, reply: `${fte.note}${done.reply ? ` ${done.reply}` : ''}` } : done;
    }
    case 'jobTitle':
    case 'description':
      return viaEntry(() => (!text || text.length > 200 ? { ok: false, message: 'Please type it in up to 200 characters.' } : update({ [field]: text })));
    case 'grade': {
      if (/^(not\s+known|unknown|don'?t\s+know|do\s+not\s+know|no\s+idea|n\/?a|none|not\s+sure|\?+)$/i.test(text)) {
        return {
          ok: false,
          message:
            'The decision record needs a grade. If it has not been evaluated yet, say "subject to job evaluation"; otherwise give the grade, e.g. Grade 4 or PO4.',
        };
      }
      return viaEntry(() => {
        if (!text || text.length > 80) return { ok: false, message: 'Please type the grade, e.g. Grade 4, PO4, or "subject to job evaluation".' };
        const typed = isJobEvaluation(text) ? { grade: 'subject to job evaluation' } : gradeAnswer(text);
        const found = ctx.payTable && line.annualCostPerFtePence === undefined ? lookupCost(ctx.payTable, typed.grade, typed.scp ?? line.scp) : undefined;
        return update({ ...typed, ...(found ? { annualCostPerFtePence: found.annualCostPerFtePence } : {}) });
      });
    }
    case 'cost':
    case 'previousCost':
    case 'amount': {
      const amount = parsePounds(text);
      if (!amount.ok) return viaEntry(() => ({ ok: false, message: amount.message }));
      if (field === 'amount') return update({ amountPence: amount.value });
      if (field === 'previousCost') return update({ previousAnnualCostPerFtePence: amount.value });
      return update({ annualCostPerFtePence: amount.value });
    }
    case 'term': {
      const term = parseTerm(text);
      return term
        ? update({ term })
        : viaEntry(() => ({ ok: false, message: `"${text.slice(0, 40)}" is not a term I recognise: say "permanent", "until 31 March 2019" or "12 months".` }));
    }
    case 'effectiveDate': {
      const date = parseDate(text);
      return date
        ? update({ effectiveDate: date })
        : viaEntry(() => ({ ok: false, message: `"${text.slice(0, 40)}" is not a date I recognise: try 1 July 2018 or 01/07/2018.` }));
    }
  }
}
