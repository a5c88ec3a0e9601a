import { visibility } from '../../domain/access';
import { decide, newWorkflow, WorkflowStateSchema, type ApproversOnRequest, type Rules, type Status, type WorkflowState } from '../../domain/lifecycle';
import { routeRequest, RoutingConfigSchema } from '../../domain/routing';
import { workingCalendar } from '../../domain/working-days';
import routingExample from '../../config/routing.example.json';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Officer');
const finance = p('b1', 'Fiona Finance');
const hr = p('b2', 'Harry Hr');
const legal = p('b3', 'Lena Legal');
const director = p('c1', 'Dana Director');
const sam = p('d1', 'Sam Scrutiny');
const sara = p('d2', 'Sara Scrutiny');
const oscar = p('d3', 'Oscar Overview');
const stranger = p('e9', 'Sid Stranger');
const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const august = new Date('2026-08-28T10:00:00Z');
const rules = (extra: Partial<Rules> = {}): Rules => ({
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [sam, sara],
  scrutinyOfficer: oscar,
  deputies: [],
  ...extra,
});
const during = { from: '2026-08-01', to: '2026-08-31' };

const state = (status: Status, patch: Partial<WorkflowState> = {}): WorkflowState =>
  WorkflowStateSchema.parse({
    ...newWorkflow(officer),
    status,
    version: 3,
    approvers,
    ...(['published', 'called_in'].includes(status)
      ? {
          decision: { by: director, at: '2026-08-27T09:00:00Z', outcome: 'approved' },
          publication: { publishedOn: '2026-08-28', deadline: '2026-09-04', implementableFrom: '2026-09-07' },
        }
      : {}),
    ...patch,
  });

describe('separation of duties (issue 26, finding 4)', () => {
  it('refuses the director acting as finance deputy on a request she decides, and then deciding it', () => {
    const r = rules({ deputies: [{ for: finance, deputy: director, ...during }] });
    const comment = decide(state('in_review'), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Fine.' }, director, august, r);
    expect(comment).toMatchObject({ ok: false, code: 'CONFLICT_OF_ROLES' });
    // Had a comment been recorded that way (older data), the decision is refused too.
    const commented = state('awaiting_decision', {
      reviews: {
        finance: { by: director, onBehalfOf: finance, at: 'x', text: 'ok', signature: 'DD' },
        hr: { by: hr, at: 'x', text: 'ok', signature: 'HH' },
        legal: { by: legal, at: 'x', text: 'ok', signature: 'LL' },
      },
    });
    expect(decide(commented, { type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, director, august, r)).toMatchObject({
      ok: false,
      code: 'CONFLICT_OF_ROLES',
    });
  });

  it('lets an uninvolved deputy act for the person they cover, on the record as on their behalf', () => {
    const r = rules({ deputies: [{ for: finance, deputy: stranger, ...during }] });
    const result = decide(state('in_review'), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Fine.' }, stranger, august, r);
    expect(result.ok && result.state.reviews.finance).toMatchObject({
      by: { aadObjectId: stranger.aadObjectId },
      onBehalfOf: { aadObjectId: finance.aadObjectId },
    });
  });

  it("refuses the scrutiny officer calling in as a member's deputy, so he never decides his own call-in", () => {
    const r = rules({ minimumMembersToCallIn: 2, deputies: [{ for: sam, deputy: oscar, ...during }] });
    expect(decide(state('published'), { type: 'call_in', expectedVersion: 3, grounds: 'g' }, oscar, august, r)).toMatchObject({
      ok: false,
      code: 'CONFLICT_OF_ROLES',
    });
  });

  it('counts a call-in quorum in distinct members, however many deputies act', () => {
    const r = rules({
      minimumMembersToCallIn: 2,
      deputies: [
        { for: sam, deputy: stranger, ...during },
        { for: sara, deputy: sam, ...during },
      ],
    });
    const first = decide(state('published'), { type: 'call_in', expectedVersion: 3, grounds: 'for Sam' }, stranger, august, r);
    expect(first.ok && first.state.callIns[0]).toMatchObject({ by: { name: 'Sid Stranger' }, onBehalfOf: { name: 'Sam Scrutiny' } });
    const after = (first as Extract<typeof first, { ok: true }>).state;
    expect(after.status).toBe('published');
    // Sam himself, or the deputy again: still only Sam's call-in, so not a second member.
    expect(decide(after, { type: 'call_in', expectedVersion: 4, grounds: 'mine' }, sam, august, r)).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
    expect(decide(after, { type: 'call_in', expectedVersion: 4, grounds: 'again' }, stranger, august, r)).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
    // A second member, in person, makes the quorum.
    const second = decide(after, { type: 'call_in', expectedVersion: 4, grounds: 'mine' }, sara, august, r);
    expect(second.ok && second.state.status).toBe('called_in');
  });

  it('ignores a deputy outside their dates, for acting and for seeing', () => {
    const r = rules({ deputies: [{ for: director, deputy: stranger, from: '2026-09-01', to: '2026-09-30' }] });
    const awaiting = state('awaiting_decision');
    expect(decide(awaiting, { type: 'approve', interest: { kind: 'none' }, expectedVersion: 3 }, stranger, august, r)).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
    expect(visibility(awaiting, stranger, 'personal', august, r)).toBe('none');
    expect(visibility(awaiting, stranger, 'personal', new Date('2026-09-02T10:00:00Z'), r)).toBe('full');
  });
});

describe('access by surface', () => {
  const r = rules();
  it("shows the whole request only in a 1:1 chat, and in groups only a published decision's public summary", () => {
    expect(visibility(state('in_review'), finance, 'personal', august, r)).toBe('full');
    expect(visibility(state('in_review'), finance, 'channel', august, r)).toBe('none');
    expect(visibility(state('in_review'), finance, 'group', august, r)).toBe('none');
    expect(visibility(state('published'), finance, 'channel', august, r)).toBe('public');
    expect(visibility(state('published'), stranger, 'personal', august, r)).toBe('public');
    expect(visibility(state('published'), { ...stranger, tenantId: '99999999-9999-9999-9999-999999999999' }, 'personal', august, r)).toBe('none');
    expect(visibility(state('in_review'), sam, 'personal', august, r)).toBe('none');
    expect(visibility(state('published'), sam, 'personal', august, r)).toBe('full');
  });
});

describe('routing a request its decision maker raised (issue 26, finding 5)', () => {
  const cost = { directorate: 'Children and Families', totalAnnualCostPence: 100, keyDecision: false };
  const base = RoutingConfigSchema.parse({ ...routingExample, default: { ...routingExample.default, alternates: {} } });
  it('goes to the alternate decider, saying why', () => {
    const alternate = { aadObjectId: '00000000-0000-0000-0000-0000000000c3', name: 'Cara Chief' };
    const config = RoutingConfigSchema.parse({ ...routingExample, default: { ...routingExample.default, alternates: { director: alternate } } });
    const routed = routeRequest(config, cost, director);
    expect(routed.ok && routed.approvers.decision).toMatchObject({ kind: 'director', person: { name: 'Cara Chief' } });
    expect(routed.ok && routed.reroutes).toEqual([
      { part: 'decision', instead: expect.objectContaining({ name: 'Dana Director' }), reason: 'Dana Director raised this request' },
    ]);
  });

  it('is refused with a message, never stuck, when no alternate is configured', () => {
    const routed = routeRequest(base, cost, director);
    expect(routed).toMatchObject({ ok: false, message: expect.stringMatching(/decision maker would be Dana Director, but you raised it.*alternate/) });
  });

  it('never puts one person in two parts', () => {
    const config = RoutingConfigSchema.parse({
      ...routingExample,
      default: {
        ...routingExample.default,
        legal: routingExample.default.finance,
        alternates: { legal: { aadObjectId: '00000000-0000-0000-0000-0000000000b4', name: 'Lee Legal' } },
      },
    });
    const routed = routeRequest(config, cost, officer);
    expect(routed.ok && [routed.approvers.finance.name, routed.approvers.legal.name]).toEqual(['Fiona Finance', 'Lee Legal']);
    expect(routeRequest(base, cost, officer)).toMatchObject({ ok: true, reroutes: [] });
  });
});
