import { addDays, type CalendarDate } from './calendar-date';
import { lineFullYear, termEnd } from './costs';
import { sameName, totalsOn, within, type LedgerChange, type LedgerChangeLine, type LedgerPost, type OrgUnit } from './establishment';
import type { ChangeLine, PostLine } from './request';

/** A decision as the ledger needs it: its reference, where its posts sit, and its lines. */
export interface DecidedChange {
  reference: string;
  title: string;
  unit: OrgUnit;
  lines: readonly ChangeLine[];
}

/**
 * The establishment after a decision. Each line acts at its effective date:
 * - establish: a new post (temporary ones end with their term);
 * - disestablish: ends that much FTE of posts with the title (the same grade first) the day before;
 * - regrade: ends that much FTE of posts with the title and starts it again at the new grade and cost;
 * - extend the fixed term / make permanent: moves or removes the end date of temporary posts with the title;
 * - one-off payments change no post.
 * What finds no post to act on is kept as an `unmatched` post, so the totals move exactly as
 * the report says. Post ids come from the reference and line, so the result is the same
 * however often it is computed.
 */
export function applyDecision(posts: readonly LedgerPost[], decision: DecidedChange, appliedOn: CalendarDate): { posts: LedgerPost[]; change: LedgerChange } {
  let current = posts.map((p) => ({ ...p }));
  const lines: LedgerChangeLine[] = [];
  decision.lines.forEach((line, index) => {
    if (line.kind === 'one_off_payment') {
      lines.push({ kind: line.kind, title: line.description, fteHundredths: 0, annualCostPence: 0, oneOffPence: line.amountPence, unmatched: false });
      return;
    }
    const mine = (p: LedgerPost) => within(p, decision.unit);
    const before = totalsOn(current.filter(mine), line.effectiveDate);
    const step = new LineStep(current, decision, line, `${decision.reference}-${index + 1}`);
    const unmatched = step.apply();
    current = step.posts;
    const after = totalsOn(current.filter(mine), line.effectiveDate);
    const until = termEnd(line.effectiveDate, line.term) ?? undefined;
    lines.push({
      kind: line.kind,
      title: line.jobTitle,
      grade: line.grade,
      effectiveDate: line.effectiveDate,
      ...(until ? { until } : {}),
      fteHundredths: after.fteHundredths - before.fteHundredths,
      annualCostPence: after.annualCostPence - before.annualCostPence,
      oneOffPence: 0,
      unmatched,
    });
  });
  return { posts: current, change: { ...decision.unit, reference: decision.reference, title: decision.title, appliedOn, lines } };
}

/** The movement a decision's lines make, as its report states them: for pending decisions. */
export function reportedMovement(lines: readonly ChangeLine[]): { fteHundredths: number; annualCostPence: number } {
  let fte = 0;
  let cost = 0;
  for (const line of lines) {
    if (line.kind === 'one_off_payment') continue;
    const sign = line.kind === 'disestablish' ? -1 : line.kind === 'establish' ? 1 : 0;
    fte += sign * line.fteHundredths;
    cost += lineFullYear(line);
  }
  return { fteHundredths: fte, annualCostPence: cost };
}

/** One post line applied to the posts: a small mutable helper kept private to this module. */
class LineStep {
  private part = 0;
  constructor(
    public posts: LedgerPost[],
    private readonly decision: DecidedChange,
    private readonly line: PostLine,
    private readonly idBase: string,
  ) {}

  /** Applies the line; true when some of it found no post to act on. */
  apply(): boolean {
    const { line } = this;
    const end = termEnd(line.effectiveDate, line.term) ?? undefined;
    switch (line.kind) {
      case 'establish':
        this.add({ fte: line.fteHundredths, grade: line.grade, cost: line.annualCostPerFtePence, until: end });
        return false;
      case 'disestablish': {
        const { left } = this.take(line.fteHundredths);
        if (left) this.add({ fte: -left, grade: line.grade, cost: line.annualCostPerFtePence, unmatched: true });
        return left > 0;
      }
      case 'regrade': {
        const { taken, left } = this.take(line.fteHundredths);
        for (const part of taken) this.add({ fte: part.fte, grade: line.grade, cost: line.annualCostPerFtePence, until: part.until });
        if (left) {
          this.add({ fte: left, grade: line.grade, cost: line.annualCostPerFtePence, unmatched: true });
          this.add({ fte: -left, grade: line.grade, cost: line.previousAnnualCostPerFtePence ?? line.annualCostPerFtePence, unmatched: true });
        }
        return left > 0;
      }
      case 'extend_fixed_term':
      case 'make_permanent': {
        const left = this.retime(line.fteHundredths, line.kind === 'make_permanent' ? undefined : end);
        if (left)
          this.add({
            fte: left,
            grade: line.grade,
            cost: line.annualCostPerFtePence,
            until: line.kind === 'make_permanent' ? undefined : end,
            unmatched: true,
          });
        return left > 0;
      }
    }
  }

  private nextId(): string {
    this.part++;
    return `${this.idBase}-${this.part}`;
  }

  private add(p: { fte: number; grade: string; cost: number; until?: CalendarDate; unmatched?: boolean }): void {
    if (p.fte === 0) return;
    const { unit, reference } = this.decision;
    this.posts.push({
      ...unit,
      id: this.nextId(),
      title: this.line.jobTitle,
      grade: p.grade,
      fteHundredths: p.fte,
      annualCostPerFtePence: p.cost,
      from: this.line.effectiveDate,
      ...(p.until ? { until: p.until } : {}),
      source: reference,
      ...(p.unmatched ? { unmatched: true } : {}),
    });
  }

  /** A real post of this unit and title held on the line's date. */
  private heldOn(p: LedgerPost): boolean {
    const date = this.line.effectiveDate;
    return (
      !p.unmatched &&
      p.fteHundredths > 0 &&
      within(p, this.decision.unit) &&
      sameName(p.title, this.line.jobTitle) &&
      p.from <= date &&
      (!p.until || p.until >= date)
    );
  }

  /** Candidates with the line's grade first, then the oldest. */
  private candidates(test: (p: LedgerPost) => boolean): LedgerPost[] {
    const graded = (p: LedgerPost) => (sameName(p.grade, this.line.grade) ? 0 : 1);
    return this.posts.filter(test).sort((a, b) => graded(a) - graded(b) || a.from.localeCompare(b.from) || a.id.localeCompare(b.id));
  }

  /**
   * Ends `fte` of the posts held on the line's date the day before it takes effect (a post
   * that only starts then is cut back instead). Returns the parts taken (their FTE and end
   * date) and the FTE it could not find.
   */
  private take(fte: number): { taken: Array<{ fte: number; until?: CalendarDate }>; left: number } {
    let left = fte;
    const date = this.line.effectiveDate;
    const taken: Array<{ fte: number; until?: CalendarDate }> = [];
    for (const post of this.candidates((p) => this.heldOn(p))) {
      if (!left) break;
      const part = Math.min(left, post.fteHundredths);
      left -= part;
      post.fteHundredths -= part;
      taken.push({ fte: part, ...(post.until ? { until: post.until } : {}) });
      if (post.from < date) this.posts.push({ ...post, id: this.nextId(), fteHundredths: part, until: addDays(date, -1), endedBy: this.decision.reference });
      if (post.fteHundredths === 0) this.posts = this.posts.filter((p) => p !== post);
    }
    return { taken, left };
  }

  /** Moves the end of `fte` of temporary posts with the title that run up to the line's date. Returns the FTE not found. */
  private retime(fte: number, until: CalendarDate | undefined): number {
    const date = this.line.effectiveDate;
    const dayBefore = addDays(date, -1);
    const test = (p: LedgerPost) =>
      !p.unmatched &&
      p.fteHundredths > 0 &&
      !!p.until &&
      p.until >= dayBefore &&
      p.from <= date &&
      within(p, this.decision.unit) &&
      sameName(p.title, this.line.jobTitle);
    let left = fte;
    for (const post of this.candidates(test)) {
      if (!left) break;
      const moved = Math.min(left, post.fteHundredths);
      left -= moved;
      let target = post;
      if (moved < post.fteHundredths) {
        // Only part of the post is extended: that part becomes a post of its own.
        post.fteHundredths -= moved;
        target = { ...post, id: this.nextId(), fteHundredths: moved, source: this.decision.reference };
        this.posts.push(target);
      }
      if (until) target.until = until;
      else delete target.until;
    }
    return left;
  }
}
