import fc from 'fast-check';
import { isEntitled } from '../../domain/access';
import { decide, newWorkflow, SYSTEM, type Person, type ApproversOnRequest, type Command, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { notificationsFor, NotificationSchema } from '../../domain/notifications';
import { workingCalendar } from '../../domain/working-days';
import { PEOPLE, TENANT } from '../../fixtures/seed-004';

/**
 * domain/notifications.ts over every path through the lifecycle (fast-check): what people
 * type (comments, reasons, grounds, minutes, which may quote exempt information) reaches
 * only people domain/access.ts entitles to the whole request, never the decisions
 * channel; every notification names someone on the request or is for the channel (or
 * the bot itself); and every one is a row the outbox drain can read back.
 */
const p = (key: keyof typeof PEOPLE): Person => ({ tenantId: TENANT, ...PEOPLE[key] });
const [officer, finance, hr, legal, director, democratic, chief, sam, sara, oscar, stranger] = (
  ['officer', 'finance', 'hr', 'legal', 'director', 'democratic', 'chief', 'scrutiny1', 'scrutiny2', 'scrutinyOfficer', 'stranger'] as const
).map(p) as [Person, Person, Person, Person, Person, Person, Person, Person, Person, Person, Person];
const ACTORS = [officer, finance, hr, legal, director, democratic, chief, sam, sara, oscar, stranger, SYSTEM];
const byDirector: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const byCommittee: ApproversOnRequest = { ...byDirector, decision: { kind: 'committee', name: 'Employment Committee', recordedBy: democratic } };
const rules = (quorum: number): Rules => ({
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: quorum,
  scrutinyMembers: [sam, sara],
  scrutinyOfficer: oscar,
  // The chief executive covers the director for a month; a deputy for finance whose cover has ended.
  deputies: [
    { for: director, deputy: chief, from: '2026-11-01', to: '2026-11-30' },
    { for: finance, deputy: stranger, from: '2026-01-01', to: '2026-01-31' },
  ],
});

/** Text people type, always carrying a marker; up to the 4,000 characters a card's box allows. */
const typed = fc.oneof(
  fc.constantFrom('SECRET: the post holder is on long-term sick leave.', 'SECRET'),
  fc.integer({ min: 10, max: 3990 }).map((n) => `${'Exempt under paragraph 1. '.repeat(n).slice(0, n)} SECRET`),
);

/** Every command, carrying `text` wherever it takes some. */
function commands(state: WorkflowState, text: string, approvers: ApproversOnRequest, openToCallIn: boolean): Command[] {
  const expectedVersion = state.version;
  return [
    { type: 'submit', approvers, openToCallIn },
    { type: 'start_review' },
    { type: 'withdraw', expectedVersion, reason: text },
    ...(['finance', 'hr', 'legal'] as const).map((discipline): Command => ({ type: 'add_comment', expectedVersion, discipline, text })),
    { type: 'return_for_changes', expectedVersion, reason: text },
    { type: 'resubmit', expectedVersion },
    { type: 'approve', interest: { kind: 'none' }, expectedVersion, reasons: text },
    { type: 'reject', interest: { kind: 'none' }, expectedVersion, reasons: text },
    ...(['approve', 'reject', 'return'] as const).map((resolution): Command => ({
      type: 'record_committee_resolution',
      interest: { kind: 'none' },
      expectedVersion,
      resolution,
      minute: text,
    })),
    { type: 'publish' },
    { type: 'call_in', expectedVersion, grounds: text },
    { type: 'end_call_in_period' },
    { type: 'release', expectedVersion },
    { type: 'refer_back', expectedVersion, reason: text },
    { type: 'refer_to_council', expectedVersion, reason: text },
  ];
}

const walk = fc.record({
  committee: fc.boolean(),
  openToCallIn: fc.boolean(),
  quorum: fc.integer({ min: 1, max: 2 }),
  steps: fc.array(fc.record({ pick: fc.nat(), text: typed, days: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 16 }),
});

describe('notificationsFor over random walks through the lifecycle (fast-check)', () => {
  it('sends typed text only to people entitled to the whole request, never to the channel, in rows the drain can read', () => {
    fc.assert(
      fc.property(walk, ({ committee, openToCallIn, quorum, steps }) => {
        const r = rules(quorum);
        let state = newWorkflow(officer);
        let now = new Date('2026-11-23T10:00:00Z');
        for (const { pick, text, days } of steps) {
          now = new Date(now.getTime() + days * 86_400_000);
          const accepted = commands(state, text, committee ? byCommittee : byDirector, openToCallIn)
            .flatMap((c) => ACTORS.map((a) => decide(state, c, a, now, r)))
            .filter((d) => d.ok);
          if (!accepted.length) break;
          const decision = accepted[pick % accepted.length]!;
          state = decision.state;
          const sent = notificationsFor('ECR-2026-0001', state, decision.audit, decision.events, { scrutinyOfficer: r.scrutinyOfficer });
          for (const n of sent) {
            // The drain drops a row it cannot parse: every notification must be one it can.
            expect(NotificationSchema.safeParse(n).error?.issues).toBeUndefined();
            if (n.kind === 'card' || n.kind === 'tell') {
              expect({ to: n.to.name, entitled: isEntitled(state, n.to, now, r) }).toEqual({ to: n.to.name, entitled: true });
            } else if (n.kind === 'channel_post' || n.kind === 'channel_update') {
              expect(state.publication).toBeDefined();
              expect(JSON.stringify(n)).not.toContain('SECRET');
            } else {
              expect(['system', 'update_cards']).toContain(n.kind);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
