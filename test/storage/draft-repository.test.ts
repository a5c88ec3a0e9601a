import { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { newWorkflow, WorkflowStateSchema, type WorkflowState } from '../../domain/lifecycle';
import { DraftRepository, NotFoundError, ownerPartition } from '../../storage/draft-repository';
import { RequestStore } from '../../storage/request-store';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const Content = z.object({ title: z.string() });
type Content = z.infer<typeof Content>;
const titleOf = (c: Content) => c.title;
const TENANT = '00000000-0000-0000-0000-000000000001';
let officers = 0;
const nextOwner = () => ({ tenantId: TENANT, aadObjectId: `00000000-0000-0000-0000-${String(++officers).padStart(12, '0')}` });

/** A draft's revision (the version its summary card shows) and what is left of it once closed. */
describe('drafts: revisions and closed drafts', () => {
  let table: TableClient;
  let drafts: DraftRepository<Content>;
  let requests: RequestStore<Content, WorkflowState>;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Requests`, { allowInsecureConnection: true });
    await table.createTable();
    drafts = new DraftRepository<Content>(table, Content, titleOf);
    requests = new RequestStore<Content, WorkflowState>(table, { content: Content, workflow: WorkflowStateSchema }, titleOf);
  });

  it('starts at revision 1 and counts every save, as read back by another instance', async () => {
    const owner = nextOwner();
    const created = await drafts.create(owner, { title: 'Short Breaks' });
    expect(created.revision).toBe(1);
    const once = await drafts.save(owner, created, { title: 'Short Breaks (1)' });
    const twice = await drafts.save(owner, once, { title: 'Short Breaks (2)' });
    expect([once.revision, twice.revision]).toEqual([2, 3]);

    const elsewhere = new DraftRepository<Content>(table, Content, titleOf);
    expect(await elsewhere.get(owner, created.draftId)).toMatchObject({ revision: 3, content: { title: 'Short Breaks (2)' } });
    expect((await elsewhere.latest(owner))?.revision).toBe(3);
  });

  it('reads a draft written before revisions as revision 1, and saves it as 2', async () => {
    const owner = nextOwner();
    const draft = await drafts.create(owner, { title: 'Old row' });
    const row = await table.getEntity<Record<string, unknown>>(ownerPartition(owner), `d_${draft.draftId}`);
    const { revision: _revision, etag: _etag, timestamp: _timestamp, ...older } = row;
    await table.upsertEntity({ ...older, partitionKey: row.partitionKey!, rowKey: row.rowKey! }, 'Replace');

    const read = (await new DraftRepository<Content>(table, Content, titleOf).get(owner, draft.draftId))!;
    expect(read.revision).toBe(1);
    expect((await drafts.save(owner, read, { title: 'Old row, saved' })).revision).toBe(2);
  });

  it('tells a discarded draft from one that never existed', async () => {
    const owner = nextOwner();
    const keep = await drafts.create(owner, { title: 'Keep' });
    const gone = await drafts.create(owner, { title: 'Gone' });
    expect(await drafts.discard(owner, gone.draftId)).toBe(true);

    expect(await drafts.get(owner, gone.draftId)).toBeUndefined();
    expect(await drafts.closed(owner, gone.draftId)).toEqual({});
    expect(await drafts.closed(owner, keep.draftId)).toBeUndefined();
    expect(await drafts.closed(owner, '0000000000000nothere')).toBeUndefined();
    expect(await drafts.closed(owner, 'Not a draft id')).toBeUndefined();
    expect((await drafts.latest(owner))?.draftId).toBe(keep.draftId);
    expect((await drafts.listForOwner(owner)).drafts.map((d) => d.draftId)).toEqual([keep.draftId]);

    // Closing it again changes nothing: it stays discarded, and the second call closed nothing.
    expect(await drafts.discard(owner, gone.draftId)).toBe(false);
    expect(await drafts.closed(owner, gone.draftId)).toEqual({});
  });

  it('keeps the reference a submitted draft became', async () => {
    const owner = nextOwner();
    const draft = await drafts.create(owner, { title: 'Submitted' });
    await requests.submitDraft(
      owner,
      draft,
      'ECR-2026-0311',
      { ...newWorkflow({ ...owner, name: 'Olivia Officer' }), status: 'submitted' },
      { action: 'submit' },
    );

    expect(await drafts.get(owner, draft.draftId)).toBeUndefined();
    expect(await drafts.closed(owner, draft.draftId)).toEqual({ submittedAs: 'ECR-2026-0311' });
    expect(await drafts.latest(owner)).toBeUndefined();
    expect(await drafts.discard(owner, draft.draftId)).toBe(false);
    expect(await drafts.closed(owner, draft.draftId)).toEqual({ submittedAs: 'ECR-2026-0311' });
  });

  it('says a draft is gone, not changed, when it is saved after being closed elsewhere', async () => {
    const owner = nextOwner();
    const draft = await drafts.create(owner, { title: 'Open in a dialogue' });
    await new DraftRepository<Content>(table, Content, titleOf).discard(owner, draft.draftId);
    await expect(drafts.save(owner, draft, { title: 'Too late' })).rejects.toThrow(NotFoundError);
    expect(await drafts.closed(owner, draft.draftId)).toEqual({});
  });
});
