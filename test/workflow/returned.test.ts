import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, textOf } from '../support/bot-harness';
import { clickDraft, submitDraft } from '../support/drafts';
import { allMessagesTo, auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

describe('returned for changes, revised and resubmitted, then rejected with reasons', () => {
  const bot = new BotHarness();
  const reference = 'ECR-2026-7001';
  const settle = () => bot.app.dispatcher.idle();
  const version = async () => (await storeFor(bot).requests.get(reference))!.workflow.version;

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    await seedAwaitingDecision(bot, reference);
  });
  afterAll(() => bot.stop());

  it('the director returns it with a reason the officer is told', async () => {
    const empty = await bot.invoke(click(Verbs.returnForChanges, reference, await version(), { returnReason: '' }), PEOPLE.director);
    expect(invokeText(empty.body)).toContain('Please give the reason for returning it');
    const result = await bot.invoke(
      click(Verbs.returnForChanges, reference, await version(), { returnReason: 'Please confirm the SAFE Taskforce grant beyond March 2025.' }),
      PEOPLE.director,
    );
    expect(invokeText(result.body)).toContain('Returned to the requester for changes');
    await settle();
    expect(allMessagesTo(bot, OFFICER)).toContain(
      `${reference}: Returned for changes by Dana Director: Please confirm the SAFE Taskforce grant beyond March 2025. Type **revise ${reference}**`,
    );
  });

  it('only the requester can revise it; the revision is a draft of the next version, and resubmitting restarts review with earlier comments kept', async () => {
    expect((await bot.say(`revise ${reference}`, PEOPLE.finance)).map(textOf).join('\n')).toContain('Only the requester');
    const opened = (await bot.say(`revise ${reference}`)).map(textOf).join('\n');
    expect(opened).toContain('as it was returned');
    const draft = /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)"/.exec(opened)?.[1];
    expect(draft).toBeDefined();
    // The officer changes the purpose, then resubmits from the summary card.
    await clickDraft(bot, draft!, 'draft.edit', { field: 'section:purpose' });
    const summary = (await bot.say('To create three traded posts; the SAFE Taskforce grant is confirmed to March 2026.')).map(textOf).join('\n');
    expect(summary).toContain('confirmed to March 2026');
    const resubmitted = (await submitDraft(bot, draft!)).map(textOf).join('\n');
    expect(resubmitted).toContain(reference);
    await settle();
    const stored = (await storeFor(bot).requests.get(reference))!;
    expect(stored.workflow.status).toBe('in_review');
    expect(stored.content.case.purpose).toContain('confirmed to March 2026');
    expect(stored.workflow.earlierReviews).toHaveLength(1);
    expect(stored.workflow.reviews).toEqual({});
    // Each reviewer got a new card for the new version.
    for (const who of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal]) expect(allMessagesTo(bot, who)).toContain('confirmed to March 2026');
    const actions = (await auditOf(bot, reference)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['return_for_changes', 'resubmit', 'start_review']));
  });

  it('after three new comments the director rejects it with reasons the officer sees', async () => {
    for (const [who, text] of [
      [PEOPLE.finance, 'Grant confirmed.'],
      [PEOPLE.hr, 'No HR issues.'],
      [PEOPLE.legal, 'No legal issues.'],
    ] as const) {
      const result = await bot.invoke(click(Verbs.comment, reference, await version(), { commentText: text }), who);
      expect(invokeText(result.body)).toContain('Your comment is recorded');
    }
    await settle();
    const noReasons = await bot.invoke(click(Verbs.reject, reference, await version(), { rejectReasons: '' }), PEOPLE.director);
    expect(invokeText(noReasons.body)).toContain('Please give the reasons for rejecting it');
    const rejected = await bot.invoke(
      click(Verbs.reject, reference, await version(), { rejectReasons: 'The service review will cover these posts.' }),
      PEOPLE.director,
    );
    expect(invokeText(rejected.body)).toContain('You rejected this request');
    await settle();
    expect(allMessagesTo(bot, OFFICER)).toContain(`${reference}: Rejected by Dana Director: The service review will cover these posts.`);
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('rejected');
  });
});
