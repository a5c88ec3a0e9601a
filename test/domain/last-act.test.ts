import { calendarDate } from '../../domain/calendar-date';
import { lastActOf } from '../../domain/last-act';
import { decide, newWorkflow, SYSTEM, type Person, type ApproversOnRequest, type Command, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { possibleReleasers, releasedOn } from '../../domain/release';
import { workingCalendar } from '../../domain/working-days';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Officer');
const finance = { ...p('b1', 'Fiona Finance'), initials: 'FF' };
const hr = p('b2', 'Harry Hr');
const legal = p('b3', 'Lena Legal');
const director = p('c1', 'Dana Director');
const sam = p('d1', 'Sam Scrutiny');
const sara = p('d2', 'Sara Scrutiny');
const oscar = p('d3', 'Oscar Overview');
const deputy = p('e1', 'Dee Deputy');

const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const rules = (patch: Partial<Rules> = {}): Rules => ({
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [sam, sara],
  scrutinyOfficer: oscar,
  deputies: [],
  ...patch,
});

/** Runs commands through the lifecycle itself, each at its own London time. */
function run(steps: Array<[Person, Command, string]>, r: Rules = rules()): WorkflowState {
  let state = newWorkflow(officer);
  for (const [who, command, at] of steps) {
    const d = decide(state, command, who, new Date(at), r);
    if (!d.ok) throw new Error(`${command.type}: ${d.message}`);
    state = d.state;
  }
  return state;
}

const reviewed: Array<[Person, Command, string]> = [
  [officer, { type: 'submit', approvers, openToCallIn: true }, '2026-08-24T09:00:00+01:00'],
  [SYSTEM, { type: 'start_review' }, '2026-08-24T09:01:00+01:00'],
  [finance, { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funded.' }, '2026-08-25T14:05:00+01:00'],
  [hr, { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Graded.' }, '2026-08-25T15:00:00+01:00'],
  [legal, { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'None.' }, '2026-08-26T10:00:00+01:00'],
];
const published: Array<[Person, Command, string]> = [
  ...reviewed,
  [director, { type: 'approve', interest: { kind: 'none' }, expectedVersion: 6 }, '2026-08-28T09:30:00+01:00'],
  [SYSTEM, { type: 'publish' }, '2026-08-28T10:00:00+01:00'],
];
const calledIn: Array<[Person, Command, string]> = [
  ...published,
  [sam, { type: 'call_in', expectedVersion: 8, grounds: 'Not funded.' }, '2026-09-02T11:00:00+01:00'],
];

describe('what a viewer last did on a request', () => {
  it('is their comment, with the time, for the reviewer who made it; nothing for one who has not', () => {
    const state = run(reviewed.slice(0, 3));
    expect(lastActOf(state, finance, rules())).toBe('You added the Finance comment on 25 August 2026 at 14:05.');
    expect(lastActOf(state, hr, rules())).toBeUndefined();
    expect(lastActOf(state, officer, rules())).toBeUndefined();
  });

  it("is the director's decision, and a scrutiny member's call-in", () => {
    const state = run(calledIn);
    expect(lastActOf(state, director, rules())).toBe('You approved it on 28 August 2026 at 09:30.');
    expect(lastActOf(state, sam, rules())).toBe('You asked for it to be called in on 2 September 2026 at 11:00.');
    expect(lastActOf(state, sara, rules())).toBeUndefined();
  });

  it('says a deputy acted on behalf of the person they cover', () => {
    const r = rules({ deputies: [{ for: director, deputy, from: '2026-08-01', to: '2026-08-31' }] });
    const state = run(
      [...reviewed, [deputy, { type: 'reject', interest: { kind: 'none' }, expectedVersion: 6, reasons: 'Not now.' }, '2026-08-27T16:45:00+01:00']],
      r,
    );
    expect(lastActOf(state, deputy, r)).toBe('You rejected it on behalf of Dana Director on 27 August 2026 at 16:45.');
    expect(lastActOf(state, director, r)).toBeUndefined();
  });

  it("is the scrutiny officer's release, on the day it was released", () => {
    const state = run([...calledIn, [oscar, { type: 'release', expectedVersion: 9 }, '2026-09-03T15:00:00+01:00']]);
    expect(releasedOn(state, 1)).toBe('2026-09-03');
    expect(state.released?.by.name).toBe('Oscar Overview');
    expect(lastActOf(state, oscar, rules())).toBe('You released it from call-in on 3 September 2026 at 15:00.');
    // The member who called it in still sees their own call-in.
    expect(lastActOf(state, sam, rules())).toBe('You asked for it to be called in on 2 September 2026 at 11:00.');
  });

  it("a deputy's release is theirs, on behalf of the scrutiny officer", () => {
    const r = rules({ deputies: [{ for: oscar, deputy, from: '2026-09-01', to: '2026-09-04' }] });
    const state = run([...calledIn, [deputy, { type: 'release', expectedVersion: 9 }, '2026-09-03T15:00:00+01:00']], r);
    expect(possibleReleasers(state, r, calendarDate(2026, 9, 3)).map((x) => x.name)).toEqual(['Dee Deputy']);
    expect(lastActOf(state, deputy, r)).toBe('You released it from call-in on behalf of Oscar Overview on 3 September 2026 at 15:00.');
    expect(lastActOf(state, oscar, r)).toBeUndefined();
  });

  it('names the other person who could have released it, for a release made before releases were recorded', () => {
    const r = rules({ deputies: [{ for: oscar, deputy, from: '2026-09-01', to: '2026-09-04' }] });
    const { released: _recorded, ...state } = run([...calledIn, [deputy, { type: 'release', expectedVersion: 9 }, '2026-09-03T15:00:00+01:00']], r);
    expect(releasedOn(state, 1)).toBe('2026-09-03');
    expect(possibleReleasers(state, r, calendarDate(2026, 9, 3)).map((x) => x.name)).toEqual(['Oscar Overview', 'Dee Deputy']);
    expect(lastActOf(state, deputy, r)).toBe('You or Oscar Overview released it from call-in on 3 September 2026.');
    expect(lastActOf(state, oscar, r)).toBe('You or Dee Deputy released it from call-in on 3 September 2026.');
  });

  it('is no release when the call-in period ended with too few members asking', () => {
    const r = rules({ minimumMembersToCallIn: 2 });
    const state = run([...calledIn, [SYSTEM, { type: 'end_call_in_period' }, '2026-09-08T00:05:00+01:00']], r);
    expect(state.status).toBe('implementable');
    expect(releasedOn(state, 2)).toBeUndefined();
    expect(lastActOf(state, oscar, r)).toBeUndefined();
  });

  it('a decision referred back and published again can be called in afresh by the same member', () => {
    const again = run([
      ...calledIn,
      [oscar, { type: 'refer_back', expectedVersion: 9, reason: 'Reconsider the funding.' }, '2026-09-03T10:00:00+01:00'],
      [director, { type: 'approve', interest: { kind: 'none' }, expectedVersion: 10 }, '2026-09-04T09:00:00+01:00'],
      [SYSTEM, { type: 'publish' }, '2026-09-04T09:05:00+01:00'],
      [sam, { type: 'call_in', expectedVersion: 12, grounds: 'Still not funded.' }, '2026-09-07T11:00:00+01:00'],
    ]);
    expect(again.status).toBe('called_in');
    expect(again.callIns.map((c) => c.grounds)).toEqual(['Still not funded.']);
  });
});
