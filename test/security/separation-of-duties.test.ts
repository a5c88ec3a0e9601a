import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../../cards/verbs';
import routingExample from '../../config/routing.example.json';
import { BotHarness, TENANT, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { auditOf, click, installForEveryone, invokeText, PEOPLE, SEED_004, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * Separation of duties through Teams-shaped activities (issue 26, findings 4 and 5): who
 * may be named a deputy, what a deputy may then do, and a request raised by the person
 * who would decide it.
 */
describe('separation of duties in the bot', () => {
  const bot = new BotHarness();
  const today = new Date();
  const day = (offset: number) => {
    const d = new Date(today.getTime() + offset * 86_400_000);
    return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
  };
  const reply = async (text: string, who: (typeof PEOPLE)[keyof typeof PEOPLE]) => (await bot.say(text, who)).map(textOf).join('\n');

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  it('refuses a deputy who could not hold the part: finance cannot name the director, a member cannot name the scrutiny officer', async () => {
    expect(await reply(`deputy Dana Director from ${day(0)} to ${day(3)}`, PEOPLE.finance)).toContain('does not hold the same part');
    expect(await reply(`deputy Oscar Overview from ${day(0)} to ${day(3)}`, PEOPLE.scrutiny1)).toContain('does not hold the same part');
    expect(await reply(`deputy Dana Director from ${day(0)} to ${day(3)}`, PEOPLE.stranger)).toContain('Only people who review, decide or scrutinise');
    expect(await reply('deputy', PEOPLE.finance)).toContain('You have no deputy named');
  });

  it('records an eligible, time-bound appointment that both people can see, and refuses one of over 92 days', async () => {
    expect(await reply(`deputy Sara Scrutiny from ${day(0)} to ${day(200)}`, PEOPLE.scrutiny1)).toContain('at most 92 days');
    expect(await reply(`deputy Sara Scrutiny from ${day(0)} to ${day(3)}`, PEOPLE.scrutiny1)).toContain('Sara Scrutiny is your deputy');
    expect(await reply('deputy', PEOPLE.scrutiny1)).toContain('Your deputy is Sara Scrutiny');
    expect(await reply('deputy', PEOPLE.scrutiny2)).toContain('You deputise for Sam Scrutiny');
    expect(await reply('deputy off', PEOPLE.scrutiny1)).toContain('has ended');
  });

  it("refuses the director acting on a request as finance's deputy, by the card, whatever was appointed", async () => {
    // An appointment made before this rule existed (stored directly): the lifecycle still refuses it.
    const { DelegationStore } = await import('../../storage/delegations');
    const { createTableService, TableNames } = await import('../../storage/table-service');
    const { testConnectionString } = await import('../support/tables');
    const delegations = new DelegationStore(
      createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.Delegations),
    );
    const iso = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const p = (k: 'finance' | 'director') => ({ tenantId: TENANT, aadObjectId: PEOPLE[k].aadObjectId, name: PEOPLE[k].name });
    await delegations.set({ for: p('finance'), deputy: p('director'), from: iso(-1), to: iso(3) });
    // In review, so a finance comment is due: the director tries to give it for Fiona.
    const awaiting = await seedAwaitingDecision(bot, 'ECR-2026-0200');
    const { drafts, requests } = storeFor(bot);
    const owner = { tenantId: TENANT, aadObjectId: PEOPLE.officer.aadObjectId };
    const inReview = { ...awaiting.workflow, status: 'in_review' as const, version: 3, reviews: {} };
    await requests.submitDraft(owner, await drafts.create(owner, SEED_004), 'ECR-2026-0201', inReview, { action: 'seeded' });
    const current = (await requests.get('ECR-2026-0201'))!;
    const result = await bot.invoke(click(Verbs.comment, 'ECR-2026-0201', current.workflow.version, { commentText: 'Fine by finance.' }), PEOPLE.director);
    expect(invokeText(result.body)).toContain('You are the decision maker on this request, so you cannot also act as the finance reviewer');
    expect((await requests.get('ECR-2026-0201'))!.workflow.reviews).toEqual({});
    expect((await auditOf(bot, 'ECR-2026-0201')).some((e) => e.refused === 'CONFLICT_OF_ROLES')).toBe(true);
    await delegations.clear(TENANT, PEOPLE.finance.aadObjectId);
  });

  it('sends a request the director raised to the alternate decider, on the record and on the card', async () => {
    const { drafts } = storeFor(bot);
    const draft = await drafts.create({ tenantId: TENANT, aadObjectId: PEOPLE.director.aadObjectId }, SEED_004);
    const said = (await submitDraft(bot, draft.draftId, PEOPLE.director)).map(textOf).join('\n');
    const reference = /Submitted as \*\*(ECR-\d{4}-\d{4})\*\*/.exec(said)?.[1];
    expect(reference).toBeDefined();
    const stored = (await storeFor(bot).requests.get(reference!))!;
    expect(stored.workflow.approvers?.decision).toMatchObject({ kind: 'director', person: { name: 'Cara Chief Executive' } });
    expect(stored.workflow.approvers?.reroutes).toEqual([
      { part: 'decision', instead: expect.objectContaining({ name: 'Dana Director' }), reason: 'Dana Director raised this request' },
    ]);
    expect((await auditOf(bot, reference!)).find((e) => e.action === 'submit')?.reason).toContain('not Dana Director');
    const card = (await bot.say(`status ${reference}`, PEOPLE.director)).map(textOf).join('\n');
    expect(card).toContain('Rerouted decision');
    expect(card).toContain('in place of Dana Director: they raised this request');
  });

  it('refuses, with why and keeping the draft, a request that no alternate can take', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routing-'));
    const path = join(dir, 'routing.json');
    writeFileSync(path, JSON.stringify({ ...routingExample, default: { ...routingExample.default, alternates: {} } }));
    const other = new BotHarness();
    await other.start({ ROUTING_CONFIG_PATH: path });
    try {
      await other.post(other.activity('installationUpdate', PEOPLE.director, { action: 'add' }));
      const { drafts } = storeFor(other);
      const owner = { tenantId: TENANT, aadObjectId: PEOPLE.director.aadObjectId };
      const draft = await drafts.create(owner, SEED_004);
      const said = (await submitDraft(other, draft.draftId, PEOPLE.director)).map(textOf).join('\n');
      expect(said).toContain('its decision maker would be Dana Director, but you raised it');
      expect(await drafts.get(owner, draft.draftId)).toBeDefined();
    } finally {
      await other.stop();
    }
  });
});
