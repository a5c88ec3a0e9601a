import { decide, newWorkflow, SYSTEM, type Person, type ApproversOnRequest, type Command, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { notificationsFor, NotificationSchema, type Notification } from '../../domain/notifications';
import { workingCalendar } from '../../domain/working-days';
import { PEOPLE, TENANT } from '../../fixtures/seed-004';

/**
 * domain/notifications.ts: for each lifecycle event, who is told what. The transitions are
 * the lifecycle's own (decide), so each row is what a real click or system step causes.
 */
const REF = 'ECR-2026-0001';
const p = (key: keyof typeof PEOPLE): Person => ({ tenantId: TENANT, ...PEOPLE[key] });
const [officer, finance, hr, legal, director, democratic, chief, sam, sara, oscar] = (
  ['officer', 'finance', 'hr', 'legal', 'director', 'democratic', 'chief', 'scrutiny1', 'scrutiny2', 'scrutinyOfficer'] as const
).map(p);
const approvers: ApproversOnRequest = { finance: finance!, hr: hr!, legal: legal!, decision: { kind: 'director', person: director! } };
const rules: Rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 2,
  scrutinyMembers: [sam!, sara!],
  scrutinyOfficer: oscar!,
  deputies: [{ for: director!, deputy: chief!, from: '2026-11-01', to: '2026-11-30' }],
};
const monday = new Date('2026-11-23T10:00:00Z');
const afterCallIn = new Date('2026-12-08T10:00:00Z');

/** Runs `steps` from a new request and returns the notifications of the last. */
function run(
  steps: Array<[Command | ((s: WorkflowState) => Command), Person, Date?]>,
  start: WorkflowState = newWorkflow(officer!),
): { state: WorkflowState; sent: Notification[] } {
  let state = start;
  let sent: Notification[] = [];
  for (const [command, actor, now] of steps) {
    const result = decide(state, typeof command === 'function' ? command(state) : command, actor, now ?? monday, rules);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    state = result.state;
    sent = notificationsFor(REF, state, result.audit, result.events, { scrutinyOfficer: rules.scrutinyOfficer });
    for (const n of sent) NotificationSchema.parse(n);
  }
  return { state, sent };
}
const v = (s: WorkflowState) => s.version;
const submit: Command = { type: 'submit', approvers, openToCallIn: true };
const review: Command = { type: 'start_review' };
const comment =
  (discipline: 'finance' | 'hr' | 'legal') =>
  (s: WorkflowState): Command => ({ type: 'add_comment', expectedVersion: v(s), discipline, text: 'Contained within budget.' });
const inReview: Array<[Command | ((s: WorkflowState) => Command), Person]> = [
  [submit, officer!],
  [review, SYSTEM],
];
const awaiting: typeof inReview = [...inReview, [comment('finance'), finance!], [comment('hr'), hr!], [comment('legal'), legal!]];
const approved: typeof inReview = [...awaiting, [(s) => ({ type: 'approve', interest: { kind: 'none' }, expectedVersion: v(s) }), director!]];
const published: typeof inReview = [...approved, [{ type: 'publish' }, SYSTEM]];
const callIn = (s: WorkflowState): Command => ({ type: 'call_in', expectedVersion: v(s), grounds: 'Consultation was inadequate.' });
const calledIn: typeof inReview = [...published, [callIn, sam!], [callIn, sara!]];
const tell = (to: Person, text: string) => ({ kind: 'tell', to, text });
const card = (to: Person) => ({ kind: 'card', to });

describe('notificationsFor: who is told what at each step', () => {
  it('submission: the bot starts the review itself; no card is posted yet to update', () => {
    expect(run([[submit, officer!]]).sent).toEqual([{ kind: 'system', command: 'start_review' }]);
  });

  it('review requested: a card to each reviewer', () => {
    expect(run(inReview).sent).toEqual([card(finance!), card(hr!), card(legal!), { kind: 'update_cards' }]);
  });

  it('a comment: the requester is told whose is in and who is still to comment', () => {
    expect(run([...inReview, [comment('hr'), hr!]]).sent).toEqual([
      tell(officer!, `HR comment on ${REF} added by Harry Hr. Still to comment: Finance, Legal.`),
      { kind: 'update_cards' },
    ]);
  });

  it('the last comment: the requester is told it has gone to the decision maker, who gets the card', () => {
    expect(run(awaiting).sent).toEqual([
      tell(officer!, `Legal comment on ${REF} added by Lena Legal. All comments are in: it has gone to the decision maker.`),
      card(director!),
      { kind: 'update_cards' },
    ]);
  });

  it('returned for changes: the requester is told why, and how to revise it', () => {
    const { sent } = run([...inReview, [(s) => ({ type: 'return_for_changes', expectedVersion: v(s), reason: 'Funding unclear.' }), legal!]]);
    expect(sent).toEqual([
      tell(officer!, `${REF}: Returned for changes by Lena Legal: Funding unclear. Type **revise ${REF}** to change it and resubmit.`),
      { kind: 'update_cards' },
    ]);
  });

  it('rejected: the requester is told the reasons, with no invitation to revise', () => {
    const { sent } = run([
      ...awaiting,
      [(s) => ({ type: 'reject', interest: { kind: 'none' }, expectedVersion: v(s), reasons: 'Not affordable.' }), director!],
    ]);
    expect(sent).toEqual([tell(officer!, `${REF}: Rejected by Dana Director: Not affordable.`), { kind: 'update_cards' }]);
  });

  it('approved by a deputy: the requester is told who, for whom, and that publication follows', () => {
    const { sent } = run([...awaiting, [(s) => ({ type: 'approve', interest: { kind: 'none' }, expectedVersion: v(s) }), chief!]]);
    expect(sent).toEqual([
      tell(
        officer!,
        `${REF} was approved by Cara Chief Executive (on behalf of Dana Director). It will now be published; it is open to call-in before it can be implemented.`,
      ),
      { kind: 'system', command: 'publish' },
      { kind: 'update_cards' },
    ]);
  });

  it('published: the channel post, and the requester told the call-in dates', () => {
    expect(run(published).sent).toEqual([
      { kind: 'channel_post' },
      tell(
        officer!,
        `${REF} was published on 23 November 2026. The call-in period ends on 30 November 2026; it can be implemented from 1 December 2026 unless it is called in.`,
      ),
      { kind: 'update_cards' },
    ]);
  });

  it('published when not open to call-in: implementable at once, the requester and HR told', () => {
    const closed = run([
      [{ ...submit, openToCallIn: false }, officer!],
      ...awaiting.slice(1),
      [(s) => ({ type: 'approve', interest: { kind: 'none' }, expectedVersion: v(s) }), director!],
      [{ type: 'publish' }, SYSTEM],
    ]);
    expect(closed.sent).toEqual([
      { kind: 'channel_post' },
      { kind: 'channel_update', reply: 'Can be implemented.' },
      tell(officer!, `${REF} can now be implemented: you can proceed to recruitment.`),
      tell(hr!, `${REF} can now be implemented: recruitment can proceed.`),
      { kind: 'update_cards' },
    ]);
  });

  it('a call-in short of the quorum: a reply under the channel post, naming nobody', () => {
    expect(run([...published, [callIn, sam!]]).sent).toEqual([
      { kind: 'channel_update', reply: 'A call-in request was made (1 of 2 needed).' },
      { kind: 'update_cards' },
    ]);
  });

  it('called in: the channel, the requester and the decision maker told; the scrutiny officer gets the card', () => {
    expect(run(calledIn).sent).toEqual([
      { kind: 'channel_update', reply: 'This decision has been called in by scrutiny and is suspended.' },
      tell(officer!, `${REF} has been called in by scrutiny: it cannot be implemented until scrutiny decides.`),
      tell(director!, `Your decision on ${REF} has been called in by scrutiny.`),
      card(oscar!),
      { kind: 'update_cards' },
    ]);
  });

  it('released: implementable, the requester and HR told', () => {
    const { sent } = run([...calledIn, [(s) => ({ type: 'release', expectedVersion: v(s) }), oscar!]]);
    expect(sent).toEqual([
      { kind: 'channel_update', reply: 'Can be implemented.' },
      tell(officer!, `${REF} can now be implemented: you can proceed to recruitment.`),
      tell(hr!, `${REF} can now be implemented: recruitment can proceed.`),
      { kind: 'update_cards' },
    ]);
  });

  it('the call-in period ends: implementable, the requester and HR told', () => {
    expect(run([...published, [{ type: 'end_call_in_period' }, SYSTEM, afterCallIn]]).sent.map((n) => n.kind)).toEqual([
      'channel_update',
      'tell',
      'tell',
      'update_cards',
    ]);
  });

  it('referred back: the decision maker gets the card again; the reason goes to the requester, never the channel', () => {
    const { sent } = run([...calledIn, [(s) => ({ type: 'refer_back', expectedVersion: v(s), reason: 'Reconsider the funding.' }), oscar!]]);
    expect(sent).toEqual([
      card(director!),
      { kind: 'channel_update', reply: 'Scrutiny has referred this decision back to the decision maker to reconsider.' },
      tell(officer!, `${REF} has been referred back to the decision maker by scrutiny: Reconsider the funding.`),
      { kind: 'update_cards' },
    ]);
  });

  it('referred to full Council: the channel and the requester, the reason to the requester only', () => {
    const { sent } = run([...calledIn, [(s) => ({ type: 'refer_to_council', expectedVersion: v(s), reason: 'Contrary to the budget.' }), oscar!]]);
    expect(sent).toEqual([
      { kind: 'channel_update', reply: 'Scrutiny has referred this decision to full Council.' },
      tell(officer!, `${REF} has been referred to full Council by scrutiny: Contrary to the budget.`),
      { kind: 'update_cards' },
    ]);
  });

  it('withdrawn: only the cards already posted are updated', () => {
    expect(run([...inReview, [(s) => ({ type: 'withdraw', expectedVersion: v(s), reason: 'No longer needed.' }), officer!]]).sent).toEqual([
      { kind: 'update_cards' },
    ]);
  });

  it('resubmitted: the review starts again and the old cards are updated', () => {
    const returned: typeof inReview = [...inReview, [(s) => ({ type: 'return_for_changes', expectedVersion: v(s), reason: 'Funding unclear.' }), legal!]];
    expect(run([...returned, [(s) => ({ type: 'resubmit', expectedVersion: v(s) }), officer!]]).sent).toEqual([
      { kind: 'system', command: 'start_review' },
      { kind: 'update_cards' },
    ]);
  });

  it('a committee decision: the officer recording it gets the card; a returned resolution tells the requester the minute', () => {
    const committee = { ...approvers, decision: { kind: 'committee' as const, name: 'Employment Committee', recordedBy: democratic! } };
    const steps: typeof inReview = [[{ ...submit, approvers: committee }, officer!], ...awaiting.slice(1)];
    expect(run(steps).sent).toContainEqual(card(democratic!));
    const resolution = (s: WorkflowState): Command => ({
      type: 'record_committee_resolution',
      interest: { kind: 'none' },
      expectedVersion: v(s),
      resolution: 'return',
      minute: 'Minute 12: defer.',
    });
    expect(run([...steps, [resolution, democratic!]]).sent).toEqual([
      tell(officer!, `${REF}: Returned by committee: Minute 12: defer. Type **revise ${REF}** to change it and resubmit.`),
      { kind: 'update_cards' },
    ]);
  });
});

describe('what people typed, quoted in a message', () => {
  // A 4,000-character reason (as much as the card's box takes) made a message of more than
  // the 4,000 characters a notification holds: the drain dropped the row as unreadable and
  // the requester was never told the request was returned.
  it('is cut short so the message fits, and ended as a sentence', () => {
    const reason = `${'The funding beyond March 2025 is not confirmed. '.repeat(90)}`.slice(0, 4000);
    const { sent } = run([...inReview, [(s) => ({ type: 'return_for_changes', expectedVersion: v(s), reason }), legal!]]);
    const told = sent.find((n) => n.kind === 'tell');
    expect(told && told.kind === 'tell' && told.text.length).toBeLessThanOrEqual(4000);
    expect(told).toMatchObject({
      text: expect.stringMatching(
        /^ECR-2026-0001: Returned for changes by Lena Legal: The funding beyond .*… \(cut short\)\. Type \*\*revise ECR-2026-0001\*\*/s,
      ),
    });
    const short = run([...inReview, [(s) => ({ type: 'return_for_changes', expectedVersion: v(s), reason: 'Funding unclear' }), legal!]]).sent[0];
    expect(short).toEqual(tell(officer!, `${REF}: Returned for changes by Lena Legal: Funding unclear. Type **revise ${REF}** to change it and resubmit.`));
  });
});
