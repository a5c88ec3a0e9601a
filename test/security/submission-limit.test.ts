import { MAX_OPEN_REQUESTS } from '../../app/request-service';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { installForEveryone, SEED_004, seedAwaitingDecision, storeFor } from '../support/workflow';

/** Finding 9: each submission notifies three reviewers, so one officer's open requests are capped. */
describe('submissions per person', () => {
  const bot = new BotHarness();
  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  it(`refuses the submission after ${MAX_OPEN_REQUESTS} open requests, saying why and keeping the draft`, async () => {
    for (let i = 0; i < MAX_OPEN_REQUESTS; i++) await seedAwaitingDecision(bot, `ECR-2026-${String(300 + i).padStart(4, '0')}`);
    const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
    const { drafts } = storeFor(bot);
    const draft = await drafts.create(owner, SEED_004);
    const said = (await submitDraft(bot, draft.draftId)).map(textOf).join('\n');
    expect(said).toContain(`You already have ${MAX_OPEN_REQUESTS} requests in review or awaiting a decision`);
    expect(await drafts.get(owner, draft.draftId)).toBeDefined();
    expect((await drafts.listForOwner(owner)).requests).toHaveLength(MAX_OPEN_REQUESTS);
  });
});
