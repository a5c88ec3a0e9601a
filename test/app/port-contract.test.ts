import type { Drafts } from '../../app/ports/drafts';
import type { Outbox } from '../../app/ports/outbox';
import type { Requests } from '../../app/ports/requests';
import type { Schedule } from '../../app/ports/schedule';
import { decide, newWorkflow, SYSTEM, WorkflowStateSchema, type Person } from '../../domain/lifecycle';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { OFFICER, PEOPLE, SEED_004, TENANT } from '../../fixtures/seed-004';
import { DraftRepository } from '../../storage/draft-repository';
import { OutboxStore } from '../../storage/outbox-store';
import { RequestStore } from '../../storage/request-store';
import { ScheduleStore } from '../../storage/schedule';
import { createTableService, TableNames } from '../../storage/table-service';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';
import { memoryStores } from '../fakes/memory-stores';

interface Ports {
  drafts: Drafts;
  requests: Requests;
  outbox: Outbox;
  schedule: Schedule;
}

async function tableStores(): Promise<Ports> {
  const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix() });
  await tables.createTables();
  const client = tables.client(TableNames.Requests);
  const titleOf = (c: RequestContent) => c.title ?? 'Untitled request';
  return {
    drafts: new DraftRepository(client, RequestContentSchema, titleOf),
    requests: new RequestStore(client, { content: RequestContentSchema, workflow: WorkflowStateSchema }, titleOf),
    outbox: new OutboxStore(client),
    schedule: new ScheduleStore(tables.client(TableNames.Schedule)),
  };
}

const officer: Person = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name };
let officers = 0;
/** A fresh officer each test, so the stores' partitions never meet. */
const nextOwner = () => ({ tenantId: TENANT, aadObjectId: `00000000-0000-0000-0000-${String(++officers).padStart(12, '0')}` });
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'none',
    (e: unknown) => (e as { code?: string }).code,
  );
const someone = (p: { aadObjectId: string; name: string }) => ({ tenantId: TENANT, ...p });
const submitted = () => {
  const approvers = {
    finance: someone(PEOPLE.finance),
    hr: someone(PEOPLE.hr),
    legal: someone(PEOPLE.legal),
    decision: { kind: 'director' as const, person: someone(PEOPLE.director) },
  };
  const d = decide(newWorkflow(officer), { type: 'submit', approvers, openToCallIn: true }, officer, new Date());
  if (!d.ok) throw new Error(d.message);
  return d;
};
let numbers = 0;
const nextReference = () => `ECR-2099-${String(++numbers).padStart(4, '0')}`;

/** The etag rules the use cases rely on, held alike by Table Storage and the in-memory fakes (test/fakes/). */
describe.each([
  ['in memory', async (): Promise<Ports> => memoryStores()],
  ['Table Storage (Azurite)', tableStores],
])('the ports over %s', (_name, open) => {
  let ports: Ports;
  beforeAll(async () => {
    ports = await open();
  });

  it('saves a draft only over the etag last read', async () => {
    const owner = nextOwner();
    const draft = await ports.drafts.create(owner, SEED_004);
    const saved = await ports.drafts.save(owner, draft, { ...SEED_004, title: 'Saved once' });
    expect(saved.revision).toBe(2);
    expect(await code(ports.drafts.save(owner, draft, { ...SEED_004, title: 'Saved over a stale etag' }))).toBe('DRAFT_CHANGED');
    expect((await ports.drafts.get(owner, draft.draftId))?.content.title).toBe('Saved once');
  });

  it('submits a draft once, only as read, and lists the request it became', async () => {
    const owner = nextOwner();
    const d = submitted();
    const draft = await ports.drafts.create(owner, SEED_004);
    const saved = await ports.drafts.save(owner, draft, SEED_004);
    const reference = nextReference();
    expect(await code(ports.requests.submitDraft(owner, draft, reference, d.state, d.audit, new Date(), []))).toBe('DRAFT_CHANGED');
    await ports.requests.submitDraft(owner, saved, reference, d.state, d.audit, new Date(), [{ kind: 'system', command: 'start_review' }]);
    expect(await code(ports.requests.submitDraft(owner, saved, nextReference(), d.state, d.audit, new Date(), []))).toBe('DRAFT_CHANGED');
    expect(await ports.drafts.closed(owner, saved.draftId)).toEqual({ submittedAs: reference });
    expect((await ports.drafts.listForOwner(owner)).requests.map((r) => [r.key, r.status])).toEqual([[reference, 'submitted']]);
    expect((await ports.outbox.pending(reference)).map((r) => [ports.outbox.versionOf(r), r.notification])).toEqual([
      [d.state.version, { kind: 'system', command: 'start_review' }],
    ]);
  });

  it('writes a change only over the etag of the request as read', async () => {
    const owner = nextOwner();
    const d = submitted();
    const reference = nextReference();
    const stored = await ports.requests.submitDraft(owner, await ports.drafts.create(owner, SEED_004), reference, d.state, d.audit, new Date(), []);
    const review = decide(stored.workflow, { type: 'start_review' }, SYSTEM, new Date());
    if (!review.ok) throw new Error(review.message);
    const written = await ports.requests.transition(owner, stored, review.state, review.audit, new Date(), [{ kind: 'update_cards' }]);
    expect(written.stored.workflow.status).toBe('in_review');
    expect(written.outbox?.map((r) => r.notification)).toEqual([{ kind: 'update_cards' }]);
    expect(
      await code(
        ports.requests.transition(
          owner,
          stored,
          { ...review.state, version: review.state.version + 1 },
          { ...review.audit, version: review.state.version + 1 },
          new Date(),
          [],
        ),
      ),
    ).toBe('REQUEST_CHANGED');
  });

  it('claims and completes an outbox row only over the etag read', async () => {
    const owner = nextOwner();
    const d = submitted();
    const reference = nextReference();
    await ports.requests.submitDraft(owner, await ports.drafts.create(owner, SEED_004), reference, d.state, d.audit, new Date(), [
      { kind: 'update_cards' },
      { kind: 'channel_post' },
    ]);
    const [first, second] = await ports.outbox.pending(reference);
    const now = new Date();
    const claimed = (await ports.outbox.claim(first!, now))!;
    expect(claimed.attempts).toBe(1);
    expect(await ports.outbox.claim(first!, now)).toBeUndefined();
    expect(await ports.outbox.complete(first!)).toEqual({ done: false });
    const done = await ports.outbox.complete(claimed, undefined, { row: second!, now });
    expect(done).toMatchObject({ done: true, next: { rowKey: second!.rowKey, attempts: 1 } });
    expect(await ports.outbox.read(reference)).toEqual({ pending: [expect.objectContaining({ rowKey: second!.rowKey })], done: [first!.rowKey] });
  });

  it('gives a due item to one claimant only, and hides it while leased', async () => {
    const now = new Date();
    const reference = nextReference();
    const [item] = await ports.schedule.add([{ reference, kind: 'remind', dueAt: new Date(now.getTime() - 1000), data: { name: 'Fiona Finance' } }]);
    const due = (await ports.schedule.due(now)).find((i) => i.reference === reference)!;
    expect(due).toMatchObject({ kind: 'remind', data: { name: 'Fiona Finance' } });
    const claimed = await ports.schedule.claim(due, now);
    expect(claimed).toBeDefined();
    expect(await ports.schedule.claim(due, now)).toBeUndefined();
    expect((await ports.schedule.due(now)).filter((i) => i.reference === reference)).toEqual([]);
    await ports.schedule.complete(item!);
    expect((await ports.schedule.due(new Date(now.getTime() + 120_000))).filter((i) => i.reference === reference)).toHaveLength(1);
    await ports.schedule.complete(claimed!);
    expect((await ports.schedule.due(new Date(now.getTime() + 120_000))).filter((i) => i.reference === reference)).toEqual([]);
  });
});
