import { Verbs } from '../../cards/verbs';
import { checkDraft } from '../../domain/checks';
import { buildRecordOfDecision } from '../../domain/record-of-decision';
import { calendarDate } from '../../domain/calendar-date';
import { weeklyDigest } from '../../domain/weekly-digest';
import { renderWeeklyDigestCard } from '../../cards/weekly-digest';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { OFFICER, TENANT } from '../../fixtures/seed-004';
import { BotHarness, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import {
  addToDecisionsTeam,
  allMessagesTo,
  auditOf,
  click,
  installForEveryone,
  invokeText,
  lastMessageTo,
  PEOPLE,
  SEED_004,
  storeFor,
} from '../support/workflow';

type User = { aadObjectId: string; name: string };
const CHANNEL = '19:decisions@thread.tacv2';

/**
 * Key decisions and the forward plan, against Azurite with the workflow clock set, driven
 * by Teams-shaped invokes. Seed 004 marked as a key decision goes to the committee, whose
 * resolution democratic services (Derek Democratic) record; submitted on Monday 2 November
 * 2026, its notice is on the forward plan that day, so with 28 clear days it may be decided
 * from Tuesday 1 December (notice + 29), and with a general exception recorded on Tuesday
 * 3 November from Monday 9 November (5 clear days: the 4th to the 8th).
 */
describe('the forward plan: a key decision waits for its notice period', () => {
  const bot = new BotHarness();
  const settle = () => bot.app.dispatcher.idle();
  const at = (iso: string) => (bot.clock = new Date(iso));
  const stored = async (reference: string) => (await storeFor(bot).requests.get(reference))!;
  const version = async (reference: string) => (await stored(reference)).workflow.version;
  const act = async (verb: string, reference: string, user: User, inputs: Record<string, string> = {}) =>
    invokeText((await bot.invoke(click(verb, reference, await version(reference), inputs), user)).body);
  const resolve = (reference: string) =>
    act(Verbs.recordCommittee, reference, PEOPLE.democratic, { committeeResolution: 'approve', committeeMinute: 'Minute 7: approved.' });

  /** Submits `content` from its summary card as the officer, and has it reviewed by all three: it awaits the decision. */
  async function submitReviewed(content: RequestContent): Promise<string> {
    const draft = await storeFor(bot).drafts.create({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, content);
    const submitted = (await submitDraft(bot, draft.draftId)).map(textOf).join('\n');
    const reference = /Submitted as \*\*(ECR-\d{4}-\d{4})/.exec(submitted)![1]!;
    await settle();
    for (const who of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal])
      expect(await act(Verbs.comment, reference, who, { commentText: 'Content.' })).toContain('recorded');
    await settle();
    expect((await stored(reference)).workflow.status).toBe('awaiting_decision');
    return reference;
  }
  const keyDecision = RequestContentSchema.parse({ ...SEED_004, decisionFacts: { keyDecision: true, openToCallIn: true, exempt: null } });

  beforeAll(async () => {
    at('2026-11-02T10:00:00Z');
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot);
  });
  afterAll(() => bot.stop());

  it('submitted on Monday 2 November, it cannot be decided until Tuesday 1 December, the 29th day after its notice; the card offers no decision before then', async () => {
    at('2026-11-02T10:00:00Z');
    const reference = await submitReviewed(keyDecision);
    const plan = (await stored(reference)).workflow.forwardPlan!;
    expect(plan.notice).toMatchObject({ publishedOn: '2026-11-02', expectedDate: '2026-12-01', matter: SEED_004.title, by: { name: 'Establishment Changes' } });

    // The officer is told, and democratic services had the card from submission (to record any exception).
    expect(allMessagesTo(bot, OFFICER)).toContain(
      `${reference} is a key decision: its notice is on the forward plan from 2 November 2026, so it can be decided from 1 December 2026`,
    );
    const card = lastMessageTo(bot, PEOPLE.democratic);
    expect(card).toContain(reference);
    expect(card).toContain('Earliest decision date');
    expect(card).toContain('1 December 2026');
    expect(card).not.toContain(Verbs.recordCommittee);
    expect(card).toContain(Verbs.forwardPlanException);

    for (const day of ['2026-11-03T10:00:00Z', '2026-11-30T23:30:00Z']) {
      at(day);
      const refused = await resolve(reference);
      expect(refused).toContain('cannot be taken before 1 December 2026');
      expect(refused).not.toContain(Verbs.recordCommittee);
    }
    expect((await stored(reference)).workflow.status).toBe('awaiting_decision');

    // 00:30 on 1 December in London is still 30 November in UTC: the London date counts.
    at('2026-12-01T00:30:00Z');
    expect(await resolve(reference)).toContain("The committee's resolution is recorded.");
    await settle();
    const { content, workflow } = await stored(reference);
    const record = buildRecordOfDecision({ reference, content, workflow, costs: checkDraft(content).costs });
    expect(record.forwardPlan).toContain('Forward plan: 28 clear days’ notice (reg. 9)');
    expect(record.forwardPlan).toContain('2 November 2026');
    expect(record.keyDecision).toBe(true);
  });

  it('with a general exception recorded by democratic services, it can be decided the day its 5 clear days run out, and the record says so', async () => {
    at('2026-11-02T10:00:00Z');
    const reference = await submitReviewed(keyDecision);

    at('2026-11-03T09:00:00Z');
    const recorded = await act(Verbs.forwardPlanException, reference, PEOPLE.democratic, {
      exceptionRoute: 'general_exception',
      exceptionChair: 'Cllr Chris Chair',
      exceptionReasons: 'The SAFE Taskforce grant must be committed before the next forward plan period ends.',
    });
    expect(recorded).toContain('The forward plan exception is recorded.');
    expect(recorded).toContain('9 November 2026');
    const audit = await auditOf(bot, reference);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'record_forward_plan_exception',
        actor: expect.objectContaining({ name: 'Derek Democratic' }),
        reason: expect.stringContaining('Cllr Chris Chair'),
      }),
    );

    at('2026-11-08T12:00:00Z');
    expect(await resolve(reference)).toContain('cannot be taken before 9 November 2026');
    at('2026-11-09T08:00:00Z');
    expect(await resolve(reference)).toContain("The committee's resolution is recorded.");
    const { content, workflow } = await stored(reference);
    const record = buildRecordOfDecision({ reference, content, workflow, costs: checkDraft(content).costs });
    expect(record.forwardPlan).toContain('General exception');
    expect(record.forwardPlan).toContain('Cllr Chris Chair');
    expect(record.decisionMakerInterest).toBe('Derek Democratic: No interest declared.');
  });

  it('nobody but democratic services may record an exception, whatever the card sends', async () => {
    at('2026-11-02T10:00:00Z');
    const reference = await submitReviewed(keyDecision);
    const inputs = { exceptionRoute: 'special_urgency', exceptionChair: 'Cllr Chris Chair', exceptionReasons: 'Urgent.' };
    for (const who of [PEOPLE.officer, PEOPLE.finance, PEOPLE.director, PEOPLE.scrutinyOfficer, PEOPLE.stranger]) {
      const before = await version(reference);
      const answer = await act(Verbs.forwardPlanException, reference, who, inputs);
      expect(answer).not.toContain('The forward plan exception is recorded.');
      expect(await version(reference)).toBe(before);
    }
    expect((await stored(reference)).workflow.forwardPlan!.exception).toBeUndefined();
  });

  it('a decision needs the declaration of interests, and a prejudicial interest passes it to the alternate, who gets the card', async () => {
    at('2026-11-02T10:00:00Z');
    const reference = await submitReviewed(SEED_004);
    expect((await stored(reference)).workflow.approvers).toMatchObject({
      decision: { kind: 'director', person: { name: 'Dana Director' } },
      alternateDecision: { name: 'Cara Chief Executive' },
    });

    expect(await act(Verbs.approve, reference, PEOPLE.director, { decisionInterest: '' })).toContain('Please declare any interest');
    const stood = await act(Verbs.approve, reference, PEOPLE.director, {
      decisionInterest: 'prejudicial',
      interestNature: 'My partner would manage the new posts.',
    });
    expect(stood).toContain('passed to the alternate decision maker');
    await settle();
    const { workflow } = await stored(reference);
    expect(workflow.status).toBe('awaiting_decision');
    expect(workflow.approvers!.decision).toMatchObject({ kind: 'director', person: { name: 'Cara Chief Executive' } });
    expect(workflow.stoodAside).toEqual([
      expect.objectContaining({ nature: 'My partner would manage the new posts.', by: expect.objectContaining({ name: 'Dana Director' }) }),
    ]);
    expect(await auditOf(bot, reference)).toContainEqual(
      expect.objectContaining({ action: 'declare_interest', reason: 'Prejudicial interest: My partner would manage the new posts.' }),
    );
    const card = lastMessageTo(bot, PEOPLE.chief);
    expect(card).toContain(reference);
    expect(card).toContain(Verbs.approve);
    expect(await act(Verbs.approve, reference, PEOPLE.director)).not.toContain('You approved');

    const approved = await act(Verbs.approve, reference, PEOPLE.chief, {
      decisionInterest: 'declared',
      interestNature: 'I chair the SAFE Taskforce board.',
      interestDispensation: 'None needed: the Monitoring Officer advised on 30 October 2026 the interest is not prejudicial.',
    });
    expect(approved).toContain('You approved this request');
    const after = await stored(reference);
    const record = buildRecordOfDecision({ reference, content: after.content, workflow: after.workflow, costs: checkDraft(after.content).costs });
    expect(record.decisionMakerInterest).toContain('Cara Chief Executive: An interest declared: I chair the SAFE Taskforce board.');
    expect(record.decisionMakerInterest).toContain('Dana Director declared a prejudicial interest and took no part: My partner would manage the new posts.');
    expect(record.dispensation).toContain('Monitoring Officer');
    expect(record.forwardPlan).toBeUndefined();
  });

  it('`forward plan` lists forthcoming key decisions to anyone in the council, public facts only, and the weekly digest names new notices', async () => {
    at('2026-11-02T10:00:00Z');
    const open = await submitReviewed(keyDecision);
    const exempt = await submitReviewed(
      RequestContentSchema.parse({ ...keyDecision, decisionFacts: { ...keyDecision.decisionFacts, exempt: { paragraph: 1, sections: ['hrImplications'] } } }),
    );
    // Each notice is posted once in the decisions channel, public facts only.
    const channel = bot.connector.calls
      .filter((c) => c.conversationId.startsWith(CHANNEL) || JSON.stringify(c.body).includes(CHANNEL))
      .map((c) => JSON.stringify(c.body));
    expect(channel.filter((b) => b.includes(`Forward plan: notice of a key decision. ${open}: ${SEED_004.title}.`))).toHaveLength(1);
    expect(channel.filter((b) => b.includes(`${exempt}: Establishment change (contains exempt information).`))).toHaveLength(1);
    expect(channel.join('\n')).not.toContain(`${exempt}: ${SEED_004.title}`);
    const listed = (await bot.say('forward plan', PEOPLE.stranger)).map(textOf).join('\n');
    expect(listed).toContain(`**${open}** ${SEED_004.title}`);
    expect(listed).toContain('notice published 2 November 2026; to be decided on or after 1 December 2026');
    expect(listed).toContain(`**${exempt}** Establishment change (contains exempt information)`);
    expect(listed).not.toContain(`**${exempt}** ${SEED_004.title}`);
    // Decided, it is no longer forthcoming.
    at('2026-12-01T10:00:00Z');
    expect(await resolve(open)).toContain("The committee's resolution is recorded.");
    await settle();
    expect((await bot.say('forward plan', PEOPLE.stranger)).map(textOf).join('\n')).not.toContain(`**${open}**`);

    const notices = await storeFor(bot).forwardPlan.list(TENANT);
    const digest = weeklyDigest(calendarDate(2026, 11, 9), [], notices);
    expect(digest.notices.map((n) => n.reference)).toEqual(expect.arrayContaining([open, exempt]));
    expect(JSON.stringify(renderWeeklyDigestCard(digest))).toContain('New on the forward plan');
    expect(weeklyDigest(calendarDate(2026, 11, 16), [], notices).notices).toEqual([]);
  });
});
