import type { Take } from './entry-line';
import type { ChangeKind } from './request';
import type { Span } from './traced-text';

/**
 * The kind of change from the verb a report uses: establish / create / new; disestablish /
 * delete / remove / cease; regrade; extend; make permanent. Passive forms count too ("be
 * deleted", "is established"). Two different kinds in one change are asked about.
 */
const AUX = '(?:(?:(?:will|should|shall|would|to|can)\\s+)?(?:be|is|are)\\s+)?';
const KINDS: Array<[ChangeKind, RegExp]> = [
  ['make_permanent', new RegExp(`\\b${AUX}(?:mak(?:e|es|ing)|made)\\b(?=.*\\bpermanent\\b)`, 'i')],
  [
    'disestablish',
    new RegExp(
      `\\b${AUX}(?:dis-?establish(?:ment\\s+of|ed|ing)?|delet(?:e|ed|ion\\s+of|ing)|remov(?:e|ed|al\\s+of|ing)|abolish(?:ed|ing)?|ceas(?:e|ed|ing)|cut)\\b`,
      'i',
    ),
  ],
  ['regrade', new RegExp(`\\b${AUX}(?:re-?grad(?:e|ed|ing)|upgrad(?:e|ed|ing))(?:\\s+of)?\\b`, 'i')],
  [
    'extend_fixed_term',
    new RegExp(
      `\\b${AUX}(?:extend(?:ed|ing)?|extension\\s+(?:of|to))(?:\\s+(?:the\\s+)?(?:fixed[\\s-]term|temporary)(?:\\s+(?:contracts?|appointments?))?(?:\\s+(?:of|for))?)?\\b`,
      'i',
    ),
  ],
  ['establish', new RegExp(`(?<![a-z-])${AUX}(?:establish(?:ment\\s+of|ed|ing)?|creat(?:e|ed|ion\\s+of|ing)|recruit(?:ment\\s+(?:to|of)|\\s+to)?)\\b`, 'i')],
];

export interface KindFound {
  kind?: ChangeKind;
  quote?: string;
  spans?: Span[];
  question?: string;
}

export function takeKind(take: Take): KindFound {
  const found: Array<[ChangeKind, string, Span[]]> = [];
  for (const [kind, pattern] of KINDS) {
    let m: ReturnType<Take>;
    while ((m = take(pattern))) {
      found.push([kind, m[0].trim(), m.spans]);
      if (kind === 'make_permanent') take(/\bpermanent\b/i);
    }
  }
  const kinds = [...new Set(found.map(([k]) => k))];
  if (kinds.length > 1)
    return { question: `This reads as more than one kind of change (${found.map(([, q]) => `"${q}"`).join(', ')}): describe each change on its own.` };
  return kinds[0] ? { kind: kinds[0], quote: found[0]![1], spans: found[0]![2] } : {};
}

export const ONE_OFF =
  /\b(honorari(?:um|a)|one[\s-]off\s+payment|market\s+supplement|ex[\s-]gratia\s+payment|retention\s+payment|acting[\s-]up\s+(?:allowance|payment)|payment)(?:\s+payments?)?(?:\s+of)?\b/i;
