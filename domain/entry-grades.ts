import type { Take } from './entry-line';
import { JOB_EVALUATION } from './request';
import type { Span } from './traced-text';

/**
 * Grade schemes as councils write them: "Grade 4", "grade 6", "Hay Band A", "Band D",
 * "PO4", "SO2", "Scale 6", "Grade M5", "JNC", with a spinal column point ("scp 23") or a
 * range of points ("scp 23-26", "SCP 23 to 26").
 */
export const JE_PATTERN = /\(?\s*(?:grade\s+(?:is\s+)?)?(?:subject\s+to\s+(?:job\s+evaluation|je)|to\s+be\s+(?:job\s+)?evaluated|grade\s+tbc)\s*\)?/i;

export const GRADE_BODY =
  'hay\\s+band\\s+[a-z]\\d?|band\\s+(?:\\d{1,2}[a-d]?|[a-z]\\d?)(?![a-z])|grade\\s+(?:\\d{1,2}[a-z]?|[a-z]\\d{0,2})(?![a-z])|' +
  '(?:po|so|sc)\\s?\\d{1,2}(?:\\s*[-/–]\\s*(?:po|so|sc)?\\s?\\d{1,2})?(?![a-z\\d])|scale\\s+\\d{1,2}(?:\\s*[-/–]\\s*\\d{1,2})?|' +
  'jnc(?:\\s+(?:grade|band|level)\\s+\\w+)?|chief\\s+officer\\s+grade\\s+\\w+|m\\d{1,2}(?![a-z\\d])';
export const GRADE_PATTERN = new RegExp(`(?<![A-Za-z])(?:graded\\s+at\\s+|at\\s+)?(${GRADE_BODY})`, 'i');
export const SCP_PATTERN = /\b(?:scp|spinal\s+(?:column\s+)?points?)\s*(\d{1,2})(?:\s*(?:-|–|to)\s*(?:scp\s*)?(\d{1,2}))?\b/i;

export function tidyGrade(grade: string): string {
  const g = grade.replace(/\s+/g, ' ').trim();
  if (/^(po|so|sc)\s?\d/i.test(g)) return g.toUpperCase().replace(/\s/g, '');
  if (/^m\d/i.test(g)) return g.toUpperCase();
  if (/^jnc/i.test(g)) return g.replace(/^jnc/i, 'JNC');
  return g
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/\b(Band|Grade) ([a-z]\d{0,2})\b/i, (_, word: string, b: string) => `${word} ${b.toUpperCase()}`);
}

export interface GradeFound {
  grade?: string;
  scp?: number;
  /** The words the grade came from, to quote back. */
  quotes: string[];
  spans: Span[];
  questions: string[];
}

/** Reads the grade and point, cutting each phrase out of the text with `take`. */
export function takeGrade(take: Take, peek: (pattern: RegExp) => boolean): GradeFound {
  const out: GradeFound = { quotes: [], spans: [], questions: [] };
  const je = take(JE_PATTERN);
  if (je) {
    out.grade = JOB_EVALUATION;
    out.quotes.push(je[0].trim());
    out.spans.push(...je.spans);
  }
  const scp = take(SCP_PATTERN);
  const grade = je ? undefined : (take(new RegExp(`\\(\\s*(?:${GRADE_BODY})\\s*\\)`, 'i')) ?? take(GRADE_PATTERN));
  if (grade) {
    const text = (grade[1] ?? grade[0]).replace(/^\(\s*|\s*\)$/g, '').replace(/^(graded\s+at|at)\s+/i, '');
    out.grade = tidyGrade(text);
    out.quotes.push(grade[0].trim());
    out.spans.push(...grade.spans);
  }
  if (scp) {
    out.quotes.push(scp[0].trim());
    out.spans.push(...scp.spans);
    if (scp[2]) out.grade = `${out.grade ? `${out.grade} ` : ''}scp ${scp[1]}-${scp[2]}`;
    else out.scp = Number(scp[1]);
    if (out.scp !== undefined && (out.scp < 1 || out.scp > 99)) {
      out.questions.push(`"${scp[0].trim()}" is not a spinal column point I can use.`);
      delete out.scp;
    }
  }
  if (peek(new RegExp(`(?<![A-Za-z])(?:${GRADE_BODY})`, 'i')) || (scp && peek(SCP_PATTERN)))
    out.questions.push('I found more than one grade: which grade is each post?');
  return out;
}

/**
 * A grade typed on its own, in a form's box or at the grade question, written the way quick
 * entry writes it ("grade 4" → "Grade 4", "Grade 4 scp 23" → Grade 4 at point 23); anything
 * else stays as typed.
 */
export function gradeAnswer(text: string): { grade: string; scp?: number } {
  const t = text.trim();
  const m = new RegExp(`^(${GRADE_BODY})(?:\\s*,?\\s*scp\\s*(\\d{1,2}))?[.,;]?$`, 'i').exec(t);
  if (!m) return { grade: t };
  const scp = m[2] === undefined ? undefined : Number(m[2]);
  return { grade: tidyGrade(m[1]!), ...(scp !== undefined && scp >= 1 ? { scp } : {}) };
}
