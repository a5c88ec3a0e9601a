import { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { newWorkflow, WorkflowStateSchema, type WorkflowState } from '../../domain/lifecycle';
import { MAX_DRAFTS, TooManyDraftsError } from '../../storage/officer-listing';
import { DraftRepository, ownerPartition } from '../../storage/draft-repository';
import { RequestStore } from '../../storage/request-store';
import { requestRowKey } from '../../storage/request-table';
import { BotHarness, textOf } from '../support/bot-harness';
import { FaultProxy } from '../support/fault-proxy';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';
import { seedAwaitingDecision } from '../support/workflow';

const Content = z.object({ title: z.string() });
type Content = z.infer<typeof Content>;
const titleOf = (c: Content) => c.title;
const TENANT = '00000000-0000-0000-0000-000000000001';
let officers = 0;
const nextOwner = () => ({ tenantId: TENANT, aadObjectId: `00000000-0000-0000-0000-${String(++officers).padStart(12, '0')}` });

function stores(table: TableClient) {
  return {
    drafts: new DraftRepository<Content>(table, Content, titleOf),
    requests: new RequestStore<Content, WorkflowState>(table, { content: Content, workflow: WorkflowStateSchema }, titleOf),
  };
}

/**
 * "my requests" reads the officer's list rows by key. These check that the list says what
 * the draft and request rows say, through every change and under concurrent changes.
 */
describe("the officer's list of drafts and requests", () => {
  const proxy = new FaultProxy(testConnectionString());
  let table: TableClient;
  let drafts: DraftRepository<Content>;
  let requests: RequestStore<Content, WorkflowState>;
  beforeAll(async () => {
    await proxy.start();
    table = TableClient.fromConnectionString(proxy.connectionString, `${uniqueTablePrefix()}Requests`, { allowInsecureConnection: true });
    await table.createTable();
    ({ drafts, requests } = stores(table));
  });
  afterAll(() => proxy.stop());

  it('lists drafts as they are created, renamed and discarded', async () => {
    const owner = nextOwner();
    const a = await drafts.create(owner, { title: 'Short Breaks' }, new Date('2026-11-20T10:00:00Z'));
    const b = await drafts.create(owner, { title: 'Commissioning' }, new Date('2026-11-21T10:00:00Z'));
    await drafts.save(owner, a, { title: 'Short Breaks (revised)' }, new Date('2026-11-22T10:00:00Z'));

    const listed = await drafts.listForOwner(owner);
    expect(listed.drafts.map((d) => [d.draftId, d.title, d.updatedAt])).toEqual([
      [a.draftId, 'Short Breaks (revised)', '2026-11-22T10:00:00.000Z'],
      [b.draftId, 'Commissioning', '2026-11-21T10:00:00.000Z'],
    ]);
    expect((await drafts.latest(owner))?.draftId).toBe(a.draftId);

    expect(await drafts.discard(owner, a.draftId)).toBe(true);
    expect((await drafts.listForOwner(owner)).drafts.map((d) => d.draftId)).toEqual([b.draftId]);
    expect(await drafts.discard(owner, a.draftId)).toBe(false);
  });

  it('moves a submitted draft to the requests, keeps its status current, and lists years apart', async () => {
    const owner = nextOwner();
    const workflow = newWorkflow({ ...owner, name: 'Olivia Officer' });
    const old = await drafts.create(owner, { title: 'Last year' });
    await requests.submitDraft(owner, old, 'ECR-2025-0042', { ...workflow, status: 'submitted' }, { action: 'submit' });
    const draft = await drafts.create(owner, { title: 'Short Breaks' });
    const stored = await requests.submitDraft(owner, draft, 'ECR-2026-0007', { ...workflow, status: 'submitted' }, { action: 'submit' });

    let listed = await drafts.listForOwner(owner);
    expect(listed.drafts).toEqual([]);
    expect(listed.requests.map((r) => [r.key, r.title, r.status]).sort()).toEqual([
      ['ECR-2025-0042', 'Last year', 'submitted'],
      ['ECR-2026-0007', 'Short Breaks', 'submitted'],
    ]);

    await requests.transition(owner, stored, { ...stored.workflow, status: 'in_review', version: stored.workflow.version + 1 }, { action: 'start_review' });
    listed = await drafts.listForOwner(owner);
    expect(listed.requests.find((r) => r.key === 'ECR-2026-0007')?.status).toBe('in_review');
  });

  it('stops listing a draft once it is claimed for submission, even if the submission goes no further', async () => {
    const owner = nextOwner();
    const draft = await drafts.create(owner, { title: 'Short Breaks' });
    // A row already at the request's key makes the request's transaction fail (409).
    await table.createEntity({ partitionKey: 'r_ECR-2026-0900', rowKey: requestRowKey('ECR-2026-0900') });
    await expect(requests.submitDraft(owner, draft, 'ECR-2026-0900', newWorkflow({ ...owner, name: 'O' }), { action: 'submit' })).rejects.toThrow();
    expect((await drafts.listForOwner(owner)).drafts).toEqual([]);
  });

  it('keeps every entry right when drafts are saved, created and discarded at the same moment', async () => {
    const owner = nextOwner();
    const keep = await drafts.create(owner, { title: 'Keep' });
    const gone = await Promise.all([1, 2, 3, 4].map((i) => drafts.create(owner, { title: `Gone ${i}` })));
    let latest = keep;
    const saves = (async () => {
      for (let i = 1; i <= 10; i++) latest = await drafts.save(owner, latest, { title: `Keep ${i}` });
    })();
    const created = Promise.all([1, 2].map((i) => drafts.create(owner, { title: `New ${i}` })));
    const discarded = Promise.all(gone.map((d) => drafts.discard(owner, d.draftId)));
    const [, fresh, results] = await Promise.all([saves, created, discarded]);

    expect(results).toEqual([true, true, true, true]);
    const listed = await drafts.listForOwner(owner);
    expect(listed.drafts.map((d) => d.title).sort()).toEqual(['Keep 10', 'New 1', 'New 2']);
    expect(listed.drafts.map((d) => d.draftId).sort()).toEqual([keep.draftId, ...fresh.map((d) => d.draftId)].sort());
  });

  it('takes a draft off the list when its row was already deleted elsewhere', async () => {
    const owner = nextOwner();
    const draft = await drafts.create(owner, { title: 'Ghost' });
    await table.deleteEntity(ownerPartition(owner), `d_${draft.draftId}`);
    expect((await drafts.listForOwner(owner)).drafts).toHaveLength(1);
    expect(await drafts.discard(owner, draft.draftId)).toBe(false);
    expect((await drafts.listForOwner(owner)).drafts).toEqual([]);
  });

  it(`refuses a draft beyond ${MAX_DRAFTS} with a message that says what to do`, async () => {
    const owner = nextOwner();
    for (let i = 0; i < MAX_DRAFTS; i++) await drafts.create(owner, { title: `Draft ${i}` });
    await expect(drafts.create(owner, { title: 'One too many' })).rejects.toThrow(TooManyDraftsError);
    await expect(drafts.create(owner, { title: 'One too many' })).rejects.toThrow(/discard/);
    const first = (await drafts.listForOwner(owner)).drafts[0]!;
    await drafts.discard(owner, first.draftId);
    await expect(drafts.create(owner, { title: 'Room again' })).resolves.toMatchObject({ content: { title: 'Room again' } });
  });

  it('lists by key: no query reaches the table, however many requests are stored', async () => {
    const owner = nextOwner();
    await drafts.create(owner, { title: 'Draft' });
    const since = proxy.requests.length;
    await drafts.listForOwner(owner);
    const reads = proxy.requests.slice(since);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => r.method !== 'GET' || r.path.includes('$filter'))).toEqual([]);
  });
});

describe('"my requests" and "status" through the bot', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();
  beforeAll(async () => {
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await seedAwaitingDecision(bot, 'ECR-2026-0101');
    await bot.say('new request');
    await bot.say('Temporary Short Breaks posts');
    await bot.say('save');
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  // A query of the Requests table costs the emulator the whole table; a read by key does not grow with it.
  const requestsQueries = (since: number) => proxy.requests.slice(since).filter((r) => r.path.includes('Requests()'));

  it('lists drafts and requests from rows read by key', async () => {
    const since = proxy.requests.length;
    const reply = (await bot.say('my requests')).map(textOf).join('\n');
    expect(reply).toContain('**ECR-2026-0101** Request to create traded Childrens Commissioning posts — awaiting decision');
    expect(reply).toContain('Draft: Temporary Short Breaks posts');
    expect(requestsQueries(since)).toEqual([]);
  });

  it('shows one request from its row, read by key', async () => {
    const since = proxy.requests.length;
    const [card] = await bot.say('status ECR-2026-0101');
    expect(JSON.stringify(card)).toContain('ECR-2026-0101');
    expect(requestsQueries(since)).toEqual([]);
    expect(proxy.requests.slice(since).filter((r) => r.path.includes('Delegations'))).toHaveLength(1);
  });
});
