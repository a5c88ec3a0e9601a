import fc from 'fast-check';
import {
  decide,
  newWorkflow,
  STATUSES,
  SYSTEM,
  TRANSITIONS,
  WorkflowStateSchema,
  type Person,
  type ApproversOnRequest,
  type Command,
  type Rules,
  type Status,
  type WorkflowState,
} from '../../domain/lifecycle';
import { workingCalendar } from '../../domain/working-days';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Officer');
const finance = { ...p('b1', 'Fiona Finance'), initials: 'SAS' };
const hr = p('b2', 'Harry Hr');
const legal = p('b3', 'Lena Legal');
const director = p('c1', 'Dana Director');
const democratic = p('c2', 'Derek Democratic');
const sam = p('d1', 'Sam Scrutiny');
const sara = p('d2', 'Sara Scrutiny');
const oscar = p('d3', 'Oscar Overview');
const deputy = p('e1', 'Dee Deputy');
const outsider = p('ff', 'Someone Else');
const otherTenantDirector = { ...director, tenantId: '99999999-9999-9999-9999-999999999999' };

const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const rules: Rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [sam, sara],
  scrutinyOfficer: oscar,
  deputies: [{ for: director, deputy, from: '2026-08-01', to: '2026-08-31' }],
};
const friday = new Date('2026-08-28T10:00:00Z'); // before the August bank holiday

const base = (status: Status, version = 3): WorkflowState =>
  WorkflowStateSchema.parse({
    ...newWorkflow(officer),
    status,
    version,
    approvers,
    reviews:
      status === 'awaiting_decision'
        ? {
            finance: { by: finance, at: 'x', text: 'ok', signature: 'SAS' },
            hr: { by: hr, at: 'x', text: 'ok', signature: 'HH' },
            legal: { by: legal, at: 'x', text: 'ok', signature: 'LL' },
          }
        : {},
    decision: ['approved', 'rejected', 'published', 'called_in', 'implementable', 'referred_to_council'].includes(status)
      ? { by: director, at: '2026-08-27T09:00:00Z', outcome: status === 'rejected' ? 'rejected' : 'approved' }
      : undefined,
    publication: ['published', 'called_in', 'implementable'].includes(status)
      ? { publishedOn: '2026-08-28', deadline: '2026-09-07', implementableFrom: '2026-09-08' }
      : undefined,
  });

/** Each command with the person entitled to give it. */
const commands: Array<[Command, Person]> = [
  [{ type: 'submit', approvers, openToCallIn: true }, officer],
  [{ type: 'start_review' }, SYSTEM],
  [{ type: 'withdraw', expectedVersion: 3 }, officer],
  [{ type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Contained within budget.' }, finance],
  [{ type: 'return_for_changes', expectedVersion: 3, reason: 'Funding unclear' }, legal],
  [{ type: 'resubmit', expectedVersion: 3 }, officer],
  [{ type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, director],
  [{ type: 'reject', interest: { kind: 'none' }, expectedVersion: 3, reasons: 'Not affordable' }, director],
  [{ type: 'record_committee_resolution', interest: { kind: 'none' }, expectedVersion: 3, resolution: 'approve', minute: 'Minute 12' }, democratic],
  [{ type: 'publish' }, SYSTEM],
  [{ type: 'call_in', expectedVersion: 3, grounds: 'Consultation inadequate' }, sam],
  [{ type: 'end_call_in_period' }, SYSTEM],
  [{ type: 'release', expectedVersion: 3 }, oscar],
  [{ type: 'refer_back', expectedVersion: 3, reason: 'Reconsider funding' }, oscar],
  [{ type: 'refer_to_council', expectedVersion: 3, reason: 'Contrary to budget' }, oscar],
];

/** Legal starting states differ only where the machine has a special rule. */
function legalFrom(command: Command, status: Status): boolean {
  if (command.type === 'return_for_changes') return status === 'in_review'; // legal may return only during review
  if (command.type === 'approve' || command.type === 'reject') return status === 'awaiting_decision';
  if (command.type === 'record_committee_resolution') return false; // this request routes to a director
  return TRANSITIONS[command.type].includes(status);
}

const when = (command: Command) => (command.type === 'end_call_in_period' ? new Date('2026-09-08T09:00:00Z') : friday);

describe('the lifecycle over every state × command × role', () => {
  describe.each(STATUSES)('from %s', (status) => {
    it.each(commands.map(([c, a]) => [c.type, c, a] as const))('%s by the entitled person', (_n, command, actor) => {
      const before = base(status);
      const frozen = JSON.stringify(before);
      const result = decide(before, command, actor, when(command), rules);
      if (legalFrom(command, status)) {
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.state.version).toBe(before.version + 1);
          expect(result.audit).toMatchObject({ action: command.type, fromStatus: status, toStatus: result.state.status });
        }
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['INVALID_TRANSITION', 'ALREADY_DECIDED', 'NOT_ALLOWED']).toContain(result.code);
      }
      expect(JSON.stringify(before)).toBe(frozen);
    });

    it.each(
      commands
        .filter(([c]) => !['submit', 'withdraw', 'resubmit', 'start_review', 'publish', 'end_call_in_period'].includes(c.type))
        .map(([c]) => [c.type, c] as const),
    )('%s by the requester, an outsider or the director of another tenant is refused', (_n, command) => {
      expect(decide(base(status), command, officer, friday, rules)).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
      expect(decide(base(status), command, outsider, friday, rules)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
      expect(decide(base(status), command, otherTenantDirector, friday, rules)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    });

    it.each(
      commands
        .filter(([c]) => ['start_review', 'publish', 'end_call_in_period', 'submit', 'withdraw', 'resubmit'].includes(c.type))
        .map(([c]) => [c.type, c] as const),
    )('%s by anyone else is refused', (_n, command) => {
      expect(decide(base(status), command, outsider, friday, rules)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    });
  });
});

describe('a seed request from submission to implementation', () => {
  it('three comments in any order, a decision, publication and the end of the call-in period', () => {
    let s = newWorkflow(officer);
    const step = (command: Command, actor: Person, now = friday) => {
      const r = decide(s, command, actor, now, rules);
      if (!r.ok) throw new Error(`${command.type}: ${r.message}`);
      s = r.state;
      return r;
    };
    step({ type: 'submit', approvers, openToCallIn: true }, officer);
    expect(step({ type: 'start_review' }, SYSTEM).events).toEqual([{ type: 'review_requested', to: [finance, hr, legal] }]);
    step({ type: 'add_comment', expectedVersion: s.version, discipline: 'legal', text: 'No legal implications.' }, legal);
    step({ type: 'add_comment', expectedVersion: s.version, discipline: 'finance', text: 'Contained within budget.' }, finance);
    expect(s.reviews.finance?.signature).toBe('SAS 28/08/26');
    const last = step({ type: 'add_comment', expectedVersion: s.version, discipline: 'hr', text: 'Usual recruitment.' }, hr);
    expect(s.status).toBe('awaiting_decision');
    expect(last.events).toContainEqual({ type: 'decision_requested', to: director });
    step({ type: 'approve', interest: { kind: 'none' }, expectedVersion: s.version }, director);
    step({ type: 'publish' }, SYSTEM);
    expect(s.publication).toEqual({ publishedOn: '2026-08-28', deadline: '2026-09-07', implementableFrom: '2026-09-08' });
    expect(decide(s, { type: 'end_call_in_period' }, SYSTEM, new Date('2026-09-07T16:00:00Z'), rules)).toMatchObject({ ok: false, code: 'TOO_EARLY' });
    step({ type: 'end_call_in_period' }, SYSTEM, new Date('2026-09-08T00:30:00Z'));
    expect(s.status).toBe('implementable');
  });

  it('a decision not open to call-in is implementable on publication', () => {
    const r = decide({ ...base('approved'), openToCallIn: false }, { type: 'publish' }, SYSTEM, friday, rules);
    expect(r).toMatchObject({ ok: true, state: { status: 'implementable' } });
  });
});

describe('safety rules', () => {
  it('refuses a stale card and tells who already decided', () => {
    expect(decide(base('awaiting_decision'), { type: 'approve', interest: { kind: 'none' }, expectedVersion: 2 }, director, friday, rules)).toMatchObject({
      ok: false,
      code: 'STALE_VERSION',
    });
    expect(decide(base('approved'), { type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, director, friday, rules)).toMatchObject({
      ok: false,
      code: 'ALREADY_DECIDED',
      message: expect.stringContaining('Dana Director'),
    });
  });

  it('lets a deputy act within their dates, recorded on behalf of the approver', () => {
    const r = decide(base('awaiting_decision'), { type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, deputy, friday, rules);
    expect(r).toMatchObject({ ok: true, audit: { actor: deputy, onBehalfOf: director } });
    expect(
      decide(base('awaiting_decision'), { type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, deputy, new Date('2026-09-01T10:00:00Z'), rules),
    ).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
  });

  it('requires reasons to reject or return', () => {
    expect(
      decide(base('awaiting_decision'), { type: 'reject', interest: { kind: 'none' }, expectedVersion: 3, reasons: '  ' }, director, friday, rules),
    ).toMatchObject({
      ok: false,
      code: 'REASON_REQUIRED',
    });
    expect(decide(base('in_review'), { type: 'return_for_changes', expectedVersion: 3, reason: '' }, hr, friday, rules)).toMatchObject({
      ok: false,
      code: 'REASON_REQUIRED',
    });
  });

  it('keeps earlier comments when a returned request is resubmitted', () => {
    const returned = { ...base('returned'), reviews: { finance: { by: finance, at: 'x', text: 'first', signature: 'SAS' } } };
    const r = decide(returned, { type: 'resubmit', expectedVersion: 3 }, officer, friday, rules);
    expect(r).toMatchObject({ ok: true, state: { status: 'submitted', reviews: {}, earlierReviews: [{ finance: { text: 'first' } }] } });
  });

  it('call-in: distinct members up to the quorum, never twice, never after the deadline', () => {
    const quorum2 = { ...rules, minimumMembersToCallIn: 2 };
    const first = decide(base('published'), { type: 'call_in', expectedVersion: 3, grounds: 'g' }, sam, friday, quorum2);
    expect(first).toMatchObject({ ok: true, state: { status: 'published' } });
    if (!first.ok) return;
    expect(decide(first.state, { type: 'call_in', expectedVersion: 4, grounds: 'again' }, sam, friday, quorum2)).toMatchObject({
      ok: false,
      code: 'ALREADY_DONE',
    });
    expect(decide(first.state, { type: 'call_in', expectedVersion: 4, grounds: 'g2' }, sara, friday, quorum2)).toMatchObject({
      ok: true,
      state: { status: 'called_in' },
    });
    expect(decide(base('published'), { type: 'call_in', expectedVersion: 3, grounds: 'late' }, sam, new Date('2026-09-08T09:00:00Z'), rules)).toMatchObject({
      ok: false,
      code: 'TOO_LATE',
    });
  });

  it('a release by scrutiny makes the decision implementable from the day of release', () => {
    const released = decide(base('called_in'), { type: 'release', expectedVersion: 3 }, oscar, new Date('2026-09-02T11:00:00+01:00'), rules);
    expect(released).toMatchObject({
      ok: true,
      state: { status: 'implementable', publication: { publishedOn: '2026-08-28', deadline: '2026-09-07', implementableFrom: '2026-09-02' } },
    });
  });

  it('never breaks its invariants under random command sequences (1,000 runs)', () => {
    const people: Person[] = [officer, finance, hr, legal, director, sam, oscar, outsider, SYSTEM];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: commands.length - 1 }), fc.integer({ min: 0, max: people.length - 1 }), fc.boolean()), { maxLength: 40 }),
        (steps) => {
          let s = newWorkflow(officer);
          for (const [ci, ai, fresh] of steps) {
            const [template] = commands[ci]!;
            const command = ('expectedVersion' in template ? { ...template, expectedVersion: fresh ? s.version : s.version - 1 } : template) as Command;
            const r = decide(s, command, people[ai]!, when(command), rules);
            if (!r.ok) continue;
            expect(r.state.version).toBe(s.version + 1);
            if (['approved', 'rejected'].includes(r.state.status) && r.state.status !== s.status) {
              expect([director.aadObjectId, deputy.aadObjectId]).toContain(people[ai]!.aadObjectId);
            }
            expect(people[ai]!.aadObjectId === officer.aadObjectId && ['approve', 'reject', 'add_comment'].includes(command.type)).toBe(false);
            s = WorkflowStateSchema.parse(JSON.parse(JSON.stringify(r.state)));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
