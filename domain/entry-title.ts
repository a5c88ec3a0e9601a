/**
 * What is left once every recognised phrase is cut out must be a job title and nothing
 * else. Words that cannot be placed (a sentence, a team, a number) are asked about, never
 * folded into the title.
 */
export const CUT = '¦';

const CONNECTORS = new Set(['and', 'of', 'for', 'the', 'in', '&', 'to', 'with', 'on', 'at', 'de', 'la']);
const LEAD =
  /^(?:[\s,.;:)\]\-–/]|¦|\b(?:the|a|an|new|additional|further|existing|currently|unfilled|vacant|posts?\s+of|posts?|roles?\s+of|roles?|positions?\s+of|positions?|contracts?|of|to|for|in|as|be|is|are|and|that|with|approve|approves|agree|agrees|following|number\s+of)\b)+/i;
const TRAIL = /(?:[\s,.;:([\-–/]|¦|['’]s\b|\b(?:contracts?|posts?|roles?|positions?|and|to|be|for|the|at|on|of|with|in|is|are|each|only)\b)+$/i;
/** Words that show the text is a sentence, not a title, even when everything is in lower case. */
const SENTENCE_WORDS =
  /\b(?:is|are|was|were|will|would|should|shall|be|been|being|has|have|had|which|that|who|this|these|those|it|they|we|our|their|from|by|per|each|within|between|after|before|during|paid|funded|focus|support|supporting|cover|covering|proposed|agreed|approved|required|currently|team|service|budget|funding|cost|costs|year|years|months?|weeks?|hours?|report|council|committee|paragraph|appendix)\b/i;

export interface TitleFound {
  title?: string;
  questions: string[];
}

export function tidyChunk(chunk: string): string {
  let c = chunk.replace(/\s+/g, ' ');
  for (let i = 0; i < 5; i++) c = c.replace(LEAD, '').replace(TRAIL, '');
  // A bracket left open or closed by a cut: "Officers (" → "Officers".
  if ((c.match(/\(/g) ?? []).length !== (c.match(/\)/g) ?? []).length) c = c.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  return c.trim();
}

export function findTitle(rest: string, allLowerCase: boolean): TitleFound {
  const chunks = rest
    .split(CUT)
    .map(tidyChunk)
    .filter((c) => /[a-z0-9]/i.test(c));
  const out: TitleFound = { questions: [] };
  if (chunks.length === 0) return out;
  if (chunks.length > 1) {
    out.questions.push(
      `I could not place these words: ${chunks.map((c) => `"${c.slice(0, 60)}"`).join(', ')}. Which is the job title, and what are the others?`,
    );
    return out;
  }
  const title = chunks[0]!;
  const numbers = title.match(/\d[\d.,/%-]*/g);
  if (numbers) {
    out.questions.push(
      `I could not place the number${numbers.length > 1 ? 's' : ''} ${numbers.map((n) => `"${n}"`).join(', ')} in "${title.slice(0, 80)}": what ${numbers.length > 1 ? 'are they' : 'is it'}?`,
    );
    return out;
  }
  const words = title.split(/\s+/);
  const stray = allLowerCase
    ? SENTENCE_WORDS.test(title)
      ? [title]
      : []
    : words.filter((w) => {
        const bare = w.replace(/^[("'‘“]+|[)"'’”,.:;]+$/g, '');
        return bare && !/^[A-Z0-9&]/.test(bare) && !CONNECTORS.has(bare.toLowerCase()) && !/^\(/.test(w) && !/^[a-z]+\/[A-Z]/.test(bare);
      });
  if (stray.length || title.length > 100 || words.length > 12) {
    out.questions.push(
      `"${title.slice(0, 100)}" does not read as a job title${stray.length && !allLowerCase ? ` (I could not place "${stray.slice(0, 4).join(' ')}")` : ''}: what is the job title?`,
    );
    return out;
  }
  const pair =
    /^(.+?\b(?:Workers?|Managers?|Officers?|Assistants?|Co-?ordinators?|Directors?|Leads?|Advis[eo]rs?|Practitioners?|Organisers?|Analysts?|Administrators?|Clerks?|Technicians?|Engineers?|Planners?|Solicitors?|Accountants?|Surveyors?|Inspectors?|Therapists?|Nurses?|Trainees?|Apprentices?))\s+(?:and|&)\s+(.+\b(?:Workers?|Managers?|Officers?|Assistants?|Co-?ordinators?|Directors?|Leads?|Advis[eo]rs?|Practitioners?|Organisers?|Analysts?|Administrators?|Clerks?|Technicians?|Engineers?|Planners?|Solicitors?|Accountants?|Surveyors?|Inspectors?|Therapists?|Nurses?|Trainees?|Apprentices?))$/i.exec(
      title,
    );
  if (pair) {
    out.questions.push(`Is "${title}" one post, or a ${pair[1]} and a ${pair[2]}? Describe each post on its own.`);
    return out;
  }
  out.title = allLowerCase ? words.map((w, i) => (i > 0 && CONNECTORS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ') : title;
  return out;
}

/** "Reviewing Officers" → "Reviewing Officer"; "Team Managers, Short Breaks" → "Team Manager, Short Breaks". */
export function singularise(title: string): string {
  const comma = title.indexOf(',');
  const [head, tail] = comma >= 0 ? [title.slice(0, comma), title.slice(comma)] : [title, ''];
  return head.replace(/\b(\w+?(?:er|or|ant|ent|ist|ian|ager|ser|ive|ard|ect|eur|ee))s$/i, '$1') + tail;
}
