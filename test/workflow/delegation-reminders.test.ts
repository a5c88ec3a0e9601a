import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { allMessagesTo, auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

describe('deputies and durable reminders', () => {
  const bot = new BotHarness();
  const settle = () => bot.app.dispatcher.idle();

  beforeAll(async () => {
    bot.clock = new Date('2026-11-23T10:00:00Z');
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  it('a deputy named for a date range acts, recorded on behalf of the director; outside the range they cannot', async () => {
    const reply = (await bot.say('deputy Cara Chief Executive from 23/11/2026 to 27/11/2026', PEOPLE.director)).map((m) => String(m.text)).join('\n');
    expect(reply).toContain('Cara Chief Executive is your deputy from 23 November 2026 to 27 November 2026');
    expect((await bot.say('deputy Nobody Known from 23/11/2026 to 27/11/2026', PEOPLE.director)).map((m) => String(m.text)).join('\n')).toContain(
      "I don't know",
    );
    const reference = 'ECR-2026-6001';
    const seeded = await seedAwaitingDecision(bot, reference);
    bot.clock = new Date('2026-11-30T10:00:00Z');
    // Outside the dates the deputy has no part: they see nothing of it, and cannot act.
    const late = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.chief);
    expect(JSON.stringify(late.body)).toMatch(/"statusCode":404/);
    bot.clock = new Date('2026-11-24T10:00:00Z');
    const approved = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.chief);
    expect(invokeText(approved.body)).toContain('You approved this request');
    await settle();
    const entry = (await auditOf(bot, reference)).find((e) => e.action === 'approve' && !e.refused);
    expect(entry).toMatchObject({ actor: { name: 'Cara Chief Executive' }, onBehalfOf: { name: 'Dana Director' } });
    expect(invokeText(approved.body)).toContain('on behalf of Dana Director');
    await bot.say('deputy off', PEOPLE.director);
  });

  it('a reviewer who has not acted is reminded after 3 working days and the officer told after 5, found by a scan after a restart', async () => {
    bot.clock = new Date('2026-11-23T10:00:00Z');
    const reference = 'ECR-2026-6002';
    await seedAwaitingDecision(bot, reference);
    // Back to in review: the director returns it and the officer resubmits through the workflow, so reminders are scheduled.
    const v = (await storeFor(bot).requests.get(reference))!.workflow.version;
    await bot.invoke(click(Verbs.returnForChanges, reference, v, { returnReason: 'Add the HR consultation.' }), PEOPLE.director);
    await settle();
    await bot.say(`revise ${reference}`);
    const drafts = await storeFor(bot).drafts.listForOwner({ tenantId: '00000000-0000-0000-0000-000000000001', aadObjectId: OFFICER.aadObjectId });
    const draft = drafts.drafts.find((d) => d.resubmits === reference)!;
    await submitDraft(bot, draft.draftId);
    await settle();
    const before = allMessagesTo(bot, PEOPLE.finance).split(`Reminder: ${reference}`).length;
    await bot.restart();
    // Thursday 26 November 2026 is 3 working days on: the reminder is due.
    bot.clock = new Date('2026-11-26T10:00:00Z');
    await bot.app.dispatcher.scan();
    await settle();
    expect(allMessagesTo(bot, PEOPLE.finance).split(`Reminder: ${reference}`).length).toBe(before + 1);
    // Finance comments; HR and legal do not. On Monday 30th (5 working days) the officer is told about them, not finance.
    const current = (await storeFor(bot).requests.get(reference))!.workflow.version;
    await bot.invoke(click(Verbs.comment, reference, current, { commentText: 'Funding confirmed.' }), PEOPLE.finance);
    await settle();
    bot.clock = new Date('2026-11-30T10:00:00Z');
    await bot.app.dispatcher.scan();
    await settle();
    const officer = allMessagesTo(bot, OFFICER);
    expect(officer).toContain(`${reference} has been waiting for Harry Hr for 5 working days`);
    expect(officer).toContain(`${reference} has been waiting for Lena Legal for 5 working days`);
    expect(officer).not.toContain(`${reference} has been waiting for Fiona Finance`);
    // Scanning again sends nothing more.
    const count = allMessagesTo(bot, OFFICER).length;
    await bot.app.dispatcher.scan();
    await settle();
    expect(allMessagesTo(bot, OFFICER).length).toBe(count);
  });
});
