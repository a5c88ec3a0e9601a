import fc from 'fast-check';
import { addDays, calendarDate, compareDates, londonDate, type CalendarDate } from '../../domain/calendar-date';
import { earliestLawfulDate } from '../../domain/forward-plan';
import type { Interest } from '../../domain/interest';
import {
  decide,
  isSamePerson,
  newWorkflow,
  SYSTEM,
  type ApproversOnRequest,
  type Command,
  type Person,
  type Rules,
  type WorkflowState,
} from '../../domain/lifecycle';
import { workingCalendar } from '../../domain/working-days';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string): Person => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Officer');
const finance = p('b1', 'Fiona Finance');
const hr = p('b2', 'Harry Hr');
const legal = p('b3', 'Lena Legal');
const director = p('c1', 'Dana Director');
const democratic = p('c2', 'Derek Democratic');
const chief = p('c3', 'Cara Chief Executive');
const sam = p('d1', 'Sam Scrutiny');
const oscar = p('d3', 'Oscar Overview');
const dsDeputy = p('e2', 'Dora Deputy');
const outsider = p('ff', 'Someone Else');
const otherTenant = { ...democratic, tenantId: '99999999-9999-9999-9999-999999999999' };
const EVERYONE = [officer, finance, hr, legal, director, democratic, chief, sam, oscar, dsDeputy, outsider, otherTenant];

/** Democratic services' deputy, for December 2026 only. */
const rules: Rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [sam],
  scrutinyOfficer: oscar,
  deputies: [{ for: democratic, deputy: dsDeputy, from: '2026-12-01', to: '2026-12-31' }],
};
const DEPUTY_FROM = calendarDate(2026, 12, 1);
const DEPUTY_TO = calendarDate(2026, 12, 31);

/** A key decision, to a director or a committee, with democratic services named: submitted at `submitted`, reviewed, awaiting the decision. */
function awaiting(kind: 'director' | 'committee', submitted: Date): WorkflowState {
  const approvers: ApproversOnRequest = {
    finance,
    hr,
    legal,
    decision: kind === 'director' ? { kind, person: director } : { kind, name: 'Committee', recordedBy: democratic },
    democraticServices: democratic,
    alternateDecision: chief,
  };
  let state = newWorkflow(officer);
  const steps: Array<[Person, Command]> = [
    [officer, { type: 'submit', approvers, openToCallIn: true, notice: { matter: 'Posts', decisionMaker: 'Committee', documents: [] } }],
    [SYSTEM, { type: 'start_review' }],
    [finance, { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'ok' }],
    [hr, { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'ok' }],
    [legal, { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'ok' }],
  ];
  for (const [who, command] of steps) {
    const d = decide(state, command, who, submitted, rules);
    if (!d.ok) throw new Error(`${command.type}: ${d.message}`);
    state = d.state;
  }
  return state;
}

/** May `actor` keep democratic services' forward plan on `day`: them, or their deputy in range. */
const isClerk = (actor: Person, day: CalendarDate) =>
  isSamePerson(actor, democratic) || (isSamePerson(actor, dsDeputy) && compareDates(DEPUTY_FROM, day) <= 0 && compareDates(day, DEPUTY_TO) <= 0);

const submittedAt = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2026, 9, 1, 9) + n * 86_400_000));
const interest: fc.Arbitrary<Interest | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: 'none' } as const),
  fc.record({ kind: fc.constant('declared' as const), nature: fc.constantFrom('Partner works there', ' '), prejudicial: fc.boolean() }),
  fc.record({
    kind: fc.constant('declared' as const),
    nature: fc.constant('Shares'),
    prejudicial: fc.constant(true),
    dispensation: fc.constant('Standards committee, 1 Oct'),
  }),
);
const command = (v: number): fc.Arbitrary<Command> =>
  fc.oneof(
    fc.record({
      type: fc.constant('record_forward_plan_exception' as const),
      expectedVersion: fc.constant(v),
      route: fc.constantFrom('general_exception' as const, 'special_urgency' as const),
      reasons: fc.constantFrom('Grant deadline.', ''),
      chair: fc.constant('Cllr Chair'),
    }),
    interest.map((i) => ({ type: 'approve' as const, expectedVersion: v, ...(i ? { interest: i } : {}) })),
    interest.map((i) => ({ type: 'reject' as const, expectedVersion: v, reasons: 'No.', ...(i ? { interest: i } : {}) })),
    interest.map((i) => ({
      type: 'record_committee_resolution' as const,
      expectedVersion: v,
      resolution: 'approve' as const,
      minute: 'M1',
      ...(i ? { interest: i } : {}),
    })),
    fc.constant({ type: 'declare_interest' as const, expectedVersion: v, nature: 'Partner works there' }),
  );

describe('key decisions: who keeps the forward plan, and no decision before its lawful date', () => {
  it('property: over any sequence of clicks by anyone at any time, only democratic services (or their deputy in range) record an exception, and no decision is taken before the earliest lawful date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('director' as const, 'committee' as const),
        submittedAt,
        fc.array(fc.tuple(fc.constantFrom(...EVERYONE), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 12 }),
        fc.infiniteStream(fc.nat()),
        (kind, submitted, clicks, seeds) => {
          let state = awaiting(kind, submitted);
          let at = submitted.getTime();
          const it = seeds[Symbol.iterator]();
          for (const [actor, hours, days] of clicks) {
            at += (days * 24 + hours) * 3_600_000;
            const now = new Date(at);
            const today = londonDate(now);
            const [c] = fc.sample(command(state.version), { numRuns: 1, seed: it.next().value as number });
            const before = state;
            const d = decide(state, c!, actor, now, rules);
            if (!d.ok) continue;
            state = d.state;
            if (c!.type === 'record_forward_plan_exception') expect(isClerk(actor, today)).toBe(true);
            if (state.status === 'approved' || state.status === 'rejected') {
              expect(compareDates(today, earliestLawfulDate(before.forwardPlan!))).toBeGreaterThanOrEqual(0);
              expect(state.decision!.interest).toBeDefined();
              return;
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: Approve before the earliest lawful date is refused with NOTICE_PERIOD, and on or after it accepted from the decision maker who declares no interest', () => {
    fc.assert(
      fc.property(submittedAt, fc.integer({ min: -3, max: 40 }), (submitted, offset) => {
        const state = awaiting('director', submitted);
        const earliest = earliestLawfulDate(state.forwardPlan!);
        const day = addDays(earliest, offset - 10);
        const now = new Date(`${day}T12:00:00Z`);
        const d = decide(state, { type: 'approve', expectedVersion: state.version, interest: { kind: 'none' } }, director, now, rules);
        if (offset < 10) expect(d).toMatchObject({ ok: false, code: 'NOTICE_PERIOD' });
        else expect(d.ok).toBe(true);
      }),
    );
  });

  it('every other person is refused an exception, with a code and nothing changed', () => {
    const state = awaiting('director', new Date('2026-11-02T10:00:00Z'));
    const exception: Command = {
      type: 'record_forward_plan_exception',
      expectedVersion: state.version,
      route: 'special_urgency',
      reasons: 'Urgent.',
      chair: 'Cllr Chair',
    };
    const now = new Date('2026-11-03T10:00:00Z');
    for (const who of EVERYONE.filter((x) => x !== democratic)) {
      const d = decide(state, exception, who, now, rules);
      expect(d.ok).toBe(false);
      expect(['NOT_ALLOWED', 'SELF_APPROVAL', 'CONFLICT_OF_ROLES']).toContain((d as { code: string }).code);
    }
    const ok = decide(state, exception, democratic, now, rules);
    expect(ok.ok && ok.state.forwardPlan!.exception).toMatchObject({ route: 'special_urgency', recordedOn: '2026-11-03', by: { name: 'Derek Democratic' } });
    expect(ok.ok && ok.audit).toMatchObject({ action: 'record_forward_plan_exception', fromStatus: 'awaiting_decision', toStatus: 'awaiting_decision' });
    // Special urgency: the same day.
    expect(ok.ok && decide(ok.state, { type: 'approve', expectedVersion: ok.state.version, interest: { kind: 'none' } }, director, now, rules).ok).toBe(true);
  });

  it('a declaration is required, a prejudicial interest without a dispensation refused, and standing aside passes the decision to the alternate once', () => {
    const state = awaiting('director', new Date('2026-09-01T10:00:00Z'));
    const now = new Date('2026-11-02T10:00:00Z');
    const v = state.version;
    expect(decide(state, { type: 'approve', expectedVersion: v }, director, now, rules)).toMatchObject({ ok: false, code: 'INTEREST_REQUIRED' });
    expect(
      decide(state, { type: 'approve', expectedVersion: v, interest: { kind: 'declared', nature: 'Shares', prejudicial: true } }, director, now, rules),
    ).toMatchObject({
      ok: false,
      code: 'PREJUDICIAL_INTEREST',
    });
    const aside = decide(state, { type: 'declare_interest', expectedVersion: v, nature: 'Shares' }, director, now, rules);
    if (!aside.ok) throw new Error(aside.message);
    expect(aside.state.approvers!.decision).toEqual({ kind: 'director', person: chief });
    expect(aside.state.approvers!.alternateDecision).toBeUndefined();
    expect(aside.events).toContainEqual({ type: 'decision_requested', to: chief });
    expect(decide(aside.state, { type: 'approve', expectedVersion: aside.state.version, interest: { kind: 'none' } }, director, now, rules).ok).toBe(false);
    expect(decide(aside.state, { type: 'declare_interest', expectedVersion: aside.state.version, nature: 'Also' }, chief, now, rules)).toMatchObject({
      ok: false,
      code: 'NO_ALTERNATE',
    });
    expect(decide(aside.state, { type: 'approve', expectedVersion: aside.state.version, interest: { kind: 'none' } }, chief, now, rules).ok).toBe(true);
  });

  it('a request that becomes a key decision on revision goes on the forward plan when resubmitted; one already there keeps its first notice', () => {
    const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
    const submitted = new Date('2026-11-02T10:00:00Z');
    let state = newWorkflow(officer);
    const go = (who: Person, c: (s: WorkflowState) => Command, at: Date) => {
      const d = decide(state, c(state), who, at, rules);
      if (!d.ok) throw new Error(d.message);
      state = d.state;
      return d;
    };
    go(officer, () => ({ type: 'submit', approvers, openToCallIn: true }), submitted);
    go(SYSTEM, () => ({ type: 'start_review' }), submitted);
    go(finance, (s) => ({ type: 'return_for_changes', expectedVersion: s.version, reason: 'This is over the key decision threshold.' }), submitted);
    expect(state.forwardPlan).toBeUndefined();
    const later = new Date('2026-11-09T10:00:00Z');
    const resubmitted = go(
      officer,
      (s) => ({
        type: 'resubmit',
        expectedVersion: s.version,
        notice: { matter: 'Posts', decisionMaker: 'Director', documents: [] },
        democraticServices: democratic,
      }),
      later,
    );
    expect(state.forwardPlan!.notice.publishedOn).toBe('2026-11-09');
    expect(earliestLawfulDate(state.forwardPlan!)).toBe('2026-12-08');
    expect(state.approvers!.democraticServices).toEqual(democratic);
    expect(resubmitted.events).toContainEqual({ type: 'notice_published', to: democratic });
    // Returned and resubmitted again: the notice of 9 November stands.
    go(SYSTEM, () => ({ type: 'start_review' }), later);
    go(finance, (s) => ({ type: 'return_for_changes', expectedVersion: s.version, reason: 'Typo.' }), later);
    go(
      officer,
      (s) => ({ type: 'resubmit', expectedVersion: s.version, notice: { matter: 'Posts', decisionMaker: 'Director', documents: [] } }),
      new Date('2026-11-20T10:00:00Z'),
    );
    expect(state.forwardPlan!.notice.publishedOn).toBe('2026-11-09');
  });
});
