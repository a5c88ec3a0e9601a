/** Where some words are in the officer's own text: characters [start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Text rewritten for reading (whitespace collapsed, "two" read as 2, a report's lead-in
 * dropped, a phrase cut out once read) that still knows which characters of the officer's
 * text each of its characters came from, so every field can quote the officer's own words.
 * A replacement's characters come from all of what it replaced; inserted marks from nothing.
 */
export class TracedText {
  private constructor(
    readonly text: string,
    private readonly origin: ReadonlyArray<Span | null>,
  ) {}

  /** The officer's text itself: each character from itself. */
  static of(text: string): TracedText {
    const origin: Span[] = [];
    for (let i = 0; i < text.length; i++) origin.push({ start: i, end: i + 1 });
    return new TracedText(text, origin);
  }

  /** Text the reader adds (a space, a cut mark): from none of the officer's words. */
  static added(text: string): TracedText {
    return new TracedText(text, new Array<null>(text.length).fill(null));
  }

  get length(): number {
    return this.text.length;
  }

  /** The officer's characters [from, to) of this text came from; undefined when none. */
  span(from: number, to: number): Span | undefined {
    let start = Infinity;
    let end = -Infinity;
    for (let i = Math.max(0, from); i < Math.min(to, this.origin.length); i++) {
      const o = this.origin[i];
      if (!o) continue;
      start = Math.min(start, o.start);
      end = Math.max(end, o.end);
    }
    return start < end ? { start, end } : undefined;
  }

  slice(from: number, to = this.text.length): TracedText {
    return new TracedText(this.text.slice(from, to), this.origin.slice(from, to));
  }

  trim(): TracedText {
    const start = this.text.length - this.text.trimStart().length;
    return this.slice(start, start + this.text.trim().length);
  }

  concat(...others: TracedText[]): TracedText {
    return new TracedText(this.text + others.map((o) => o.text).join(''), [...this.origin, ...others.flatMap((o) => o.origin)]);
  }

  /** [from, to) replaced by `replacement`, whose characters all come from what it replaced. */
  splice(from: number, to: number, replacement: string | TracedText): TracedText {
    const whole = this.span(from, to) ?? null;
    const inserted = typeof replacement === 'string' ? new TracedText(replacement, new Array<Span | null>(replacement.length).fill(whole)) : replacement;
    return this.slice(0, from).concat(inserted, this.slice(to));
  }

  /** As String.replace with a function (or a plain string, no `$` patterns): every match, when `pattern` is global. */
  replace(pattern: RegExp, replacer: string | ((match: RegExpExecArray) => string)): TracedText {
    const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    const matches: RegExpExecArray[] = [];
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text))) {
      matches.push(m);
      if (!pattern.flags.includes('g')) break;
      if (m[0].length === 0) re.lastIndex++;
    }
    return matches
      .reverse()
      .reduce<TracedText>(
        (out, match) => out.splice(match.index, match.index + match[0].length, typeof replacer === 'string' ? replacer : replacer(match)),
        this,
      );
  }

  /** Split at every match of `separator` (global), as String.split without captures. */
  split(separator: RegExp): TracedText[] {
    const re = new RegExp(separator.source, separator.flags.includes('g') ? separator.flags : `${separator.flags}g`);
    const parts: TracedText[] = [];
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      parts.push(this.slice(last, m.index));
      last = m.index + m[0].length;
    }
    parts.push(this.slice(last));
    return parts;
  }
}

export const spansOf = (span: Span | undefined): Span[] => (span ? [span] : []);

/** A span without the spaces and punctuation at its edges, in `text` (the officer's own). */
export function trimSpan(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  while (start < end && /[\s,;:]/.test(text[start]!)) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : undefined;
}
