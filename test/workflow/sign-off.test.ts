import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { allMessagesTo, auditOf, click, installForEveryone, invokeText, lastMessageTo, PEOPLE, storeFor, raiseSeed004 } from '../support/workflow';

/** The reference and version the latest request card in someone's chat carries. */
function cardData(bot: BotHarness, user: { aadObjectId: string; name: string }): { reference: string; version: number } {
  const messages = bot.connector.messagesTo(bot.personalConversationId(user)).filter((m) => JSON.stringify(m).includes('"verb":'));
  const json = JSON.stringify(messages.at(-1));
  const m = /"data":\{"reference":"(ECR-\d{4}-\d{4})","version":(\d+)\}/.exec(json);
  if (!m) throw new Error(`No request card for ${user.name}: ${json.slice(0, 300)}`);
  return { reference: m[1]!, version: Number(m[2]) };
}

describe('sign-off: seed 004 from submission through three comments to approval, by Teams-shaped invokes', () => {
  const bot = new BotHarness();
  let reference = '';
  const settle = () => bot.app.dispatcher.idle();

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    // Seed 004 raised by chat (quick entry), then submitted from its summary card.
    const draft = (await raiseSeed004(bot))!;
    const submitted = (await submitDraft(bot, draft)).map(textOf).join('\n');
    reference = /ECR-\d{4}-\d{4}/.exec(submitted)![0];
    await settle();
  });
  afterAll(() => bot.stop());

  it('sends each reviewer the whole request with Add comment and Return for changes, and nobody else', () => {
    for (const who of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal]) {
      const card = lastMessageTo(bot, who);
      expect(card).toContain(reference);
      expect(card).toContain('£156,008');
      expect(card).toContain(Verbs.comment);
      expect(card).toContain(Verbs.returnForChanges);
      expect(card).not.toContain(Verbs.approve);
    }
    expect(allMessagesTo(bot, PEOPLE.director)).not.toContain(`"reference":"${reference}"`);
  });

  it('refuses an empty comment, keeping the card, and changes nothing', async () => {
    const { version } = cardData(bot, PEOPLE.finance);
    const result = await bot.invoke(click(Verbs.comment, reference, version, { commentText: '   ' }), PEOPLE.finance);
    expect(result.status).toBe(200);
    expect(invokeText(result.body)).toContain('Please give your comment');
    expect((await storeFor(bot).requests.get(reference))!.workflow.version).toBe(version);
  });

  it('records three formal comments with initials and date, tells the officer, then sends the director the decision card', async () => {
    const comments: Array<[{ aadObjectId: string; name: string }, string, string]> = [
      [PEOPLE.finance, 'Funding from OAWY and the SAFE Taskforce is confirmed.', 'Financial Comments (FF '],
      [PEOPLE.hr, 'Grades confirmed by job evaluation.', 'HR Comments (HH '],
      [PEOPLE.legal, 'No legal implications.', 'Legal Comments (LL '],
    ];
    for (const [who, comment, heading] of comments) {
      const { version } = cardData(bot, who);
      const current = (await storeFor(bot).requests.get(reference))!.workflow.version;
      // Reviews run in parallel: each card showed an older version, so read the current one as Teams' refresh would.
      const refreshed = await bot.invoke({ action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference, version } }, trigger: 'automatic' }, who);
      expect(invokeText(refreshed.body)).toContain(`"version":${current}`);
      const result = await bot.invoke(click(Verbs.comment, reference, current, { commentText: comment }), who);
      expect(invokeText(result.body)).toContain('Your comment is recorded');
      expect(invokeText(result.body)).toContain(heading);
      await settle();
    }
    const officer = allMessagesTo(bot, OFFICER);
    expect(officer).toContain(`Finance comment on ${reference} added by Fiona Finance`);
    expect(officer).toContain('All comments are in');
    const decisionCard = lastMessageTo(bot, PEOPLE.director);
    for (const expected of [
      reference,
      '£156,008',
      'Funding exactly covers the cost',
      'Financial Comments (FF',
      'HR Comments (HH',
      'Legal Comments (LL',
      'No legal implications.',
      Verbs.approve,
      Verbs.reject,
      Verbs.returnForChanges,
    ]) {
      expect(decisionCard).toContain(expected);
    }
    // The reviewers' cards were updated in place: they now show everyone's comments and no buttons.
    const updates = bot.connector.updates().map((u) => JSON.stringify(u.body));
    expect(updates.some((u) => u.includes('Legal Comments (LL') && !u.includes(Verbs.comment))).toBe(true);
  });

  it('refuses approval by the requester and by an outsider, audits both, and changes nothing', async () => {
    const { version } = cardData(bot, PEOPLE.director);
    const self = await bot.invoke(click(Verbs.approve, reference, version), OFFICER);
    expect(invokeText(self.body)).toContain('you cannot review or decide it');
    const outsider = await bot.invoke(click(Verbs.approve, reference, version), PEOPLE.stranger);
    expect(outsider.status).toBe(200);
    // Someone the policy shows nothing of the request learns nothing, not even that it exists.
    expect(outsider.body).toMatchObject({ statusCode: 404, type: 'application/vnd.microsoft.error' });
    expect(invokeText(outsider.body)).not.toContain('£156,008');
    const reviewer = await bot.invoke(click(Verbs.approve, reference, version), PEOPLE.finance);
    expect(invokeText(reviewer.body)).toContain('not one of the people who can do that');
    const stored = (await storeFor(bot).requests.get(reference))!;
    expect(stored.workflow).toMatchObject({ status: 'awaiting_decision', version });
    const refusals = (await auditOf(bot, reference)).filter((e) => e.refused);
    expect(refusals.map((r) => r.refused)).toEqual(['SELF_APPROVAL', 'NOT_ALLOWED', 'NOT_ALLOWED']);
    expect(bot.logs.filter((l) => l.event === 'workflow.refused').length).toBeGreaterThanOrEqual(3);
  });

  it('ignores tampered card data: extra keys are refused, never read', async () => {
    const { version } = cardData(bot, PEOPLE.director);
    const tampered = await bot.invoke(
      { action: { type: 'Action.Execute', verb: Verbs.approve, data: { reference, version, status: 'approved', approver: PEOPLE.stranger.aadObjectId } } },
      PEOPLE.stranger,
    );
    expect(tampered.body).toMatchObject({ statusCode: 400, value: { code: 'BAD_ACTION_DATA' } });
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('awaiting_decision');
  });

  it('refuses a stale card and shows the current state', async () => {
    const { version } = cardData(bot, PEOPLE.director);
    const stale = await bot.invoke(click(Verbs.approve, reference, version - 1), PEOPLE.director);
    expect(invokeText(stale.body)).toContain('changed since this card was shown');
    expect(invokeText(stale.body)).toContain(`"version":${version}`);
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('awaiting_decision');
  });

  it('an automatic refresh never changes state, even with an approving verb', async () => {
    const { version } = cardData(bot, PEOPLE.director);
    const refresh = await bot.invoke({ ...click(Verbs.approve, reference, version), trigger: 'automatic' }, PEOPLE.director);
    expect(invokeText(refresh.body)).toContain(Verbs.approve);
    expect((await storeFor(bot).requests.get(reference))!.workflow.version).toBe(version);
  });

  it('the director approves: every card is updated, the officer is told, and a replayed click changes nothing', async () => {
    const { version } = cardData(bot, PEOPLE.director);
    const before = (await auditOf(bot, reference)).filter((e) => e.action && !e.refused).length;
    const result = await bot.invoke(click(Verbs.approve, reference, version, { approveReasons: 'Fully funded.' }), PEOPLE.director);
    expect(invokeText(result.body)).toContain('You approved this request');
    await settle();
    // The same click again (Teams re-sends an unanswered invoke), twice, with new activity ids.
    for (let i = 0; i < 2; i++) {
      const replay = await bot.invoke(click(Verbs.approve, reference, version, { approveReasons: 'Fully funded.' }), PEOPLE.director);
      expect(invokeText(replay.body)).toContain('Already approved by Dana Director');
    }
    await settle();
    const audit = (await auditOf(bot, reference)).filter((e) => e.action && !e.refused);
    expect(audit.filter((e) => e.action === 'approve')).toHaveLength(1);
    // approve, then the bot publishes it (open to call-in).
    expect(audit.length).toBe(before + 2);
    expect(audit.at(-1)).toMatchObject({ action: 'publish', toStatus: 'published' });
    for (const e of audit)
      expect(e).toMatchObject({
        actor: expect.any(Object),
        at: expect.any(String),
        fromStatus: expect.any(String),
        toStatus: expect.any(String),
        version: expect.any(Number),
      });
    expect(audit.find((e) => e.action === 'approve')).toMatchObject({ correlationId: expect.any(String) });

    const officer = allMessagesTo(bot, OFFICER);
    expect(officer.match(new RegExp(`${reference} was approved by Dana Director`, 'g'))).toHaveLength(1);
    expect(officer).toContain('The call-in period ends on');
    // Every person's card now shows the decision and offers no decision buttons.
    const latestUpdates = new Map<string, string>();
    for (const u of bot.connector.updates()) latestUpdates.set(`${u.conversationId}/${String(u.body.id)}`, JSON.stringify(u.body));
    // Request cards only: the officer's own summary was updated too, when it was submitted.
    const personal = [...latestUpdates.entries()].filter(([k, body]) => k.startsWith('a:personal') && body.includes('request.refresh'));
    expect(personal.length).toBeGreaterThanOrEqual(4);
    for (const [, body] of personal) {
      expect(body).toContain('Approved** by Dana Director');
      expect(body).not.toContain(Verbs.approve);
    }
  });

  it('history shows the whole audit trail to those allowed to see it, and nobody else', async () => {
    const history = (await bot.say(`history ${reference}`)).map(textOf).join('\n');
    for (const expected of [
      'submitted it',
      'sent it for review',
      'Fiona Finance** added a formal comment',
      'Dana Director** approved it',
      'published the decision',
      'tried to approve and was refused',
    ]) {
      expect(history).toContain(expected);
    }
    expect((await bot.say(`history ${reference}`, PEOPLE.director)).map(textOf).join('\n')).toContain('approved it');
    expect((await bot.say(`history ${reference}`, PEOPLE.stranger)).map(textOf).join('\n')).toContain(`I can't find ${reference}`);
  });

  it('never logs card text, tokens or stack traces', () => {
    const logs = JSON.stringify(bot.logs);
    expect(logs).not.toContain('Fully funded.');
    expect(logs).not.toContain('No legal implications.');
    expect(logs).not.toMatch(/\n\s+at /);
  });
});
