import { MAX_OPEN_REQUESTS } from '../../app/request-service';
import { SYSTEM } from '../../domain/lifecycle';
import { emptyDraft } from '../../domain/request';
import { SEED_004 } from '../../fixtures/seed-004';
import { AppFixture, officer, person } from '../fakes/app-fixture';

const owner = { tenantId: officer.tenantId, aadObjectId: officer.aadObjectId };
const CHANGED = 'This draft was submitted or changed a moment ago. Type **my requests** to see where it is.';

describe('submitting a draft (app/submit-draft.ts over in-memory stores)', () => {
  it('writes the request, its outbox row and its follow-up, closes the draft and tells the listener', async () => {
    const app = new AppFixture();
    const draft = await app.draft(SEED_004);

    const result = await app.service.submit(officer, draft);

    expect(result).toMatchObject({ ok: true, value: { reference: 'ECR-2026-0001', workflow: { status: 'submitted', requester: officer } } });
    const stored = (await app.stores.requests.get('ECR-2026-0001'))!;
    expect(stored.content).toEqual(SEED_004);
    expect(stored.workflow.approvers).toMatchObject({
      finance: { name: 'Fiona Finance' },
      hr: { name: 'Harry Hr' },
      legal: { name: 'Lena Legal' },
      decision: { kind: 'director', person: { name: 'Dana Director' } },
    });
    expect((await app.stores.outbox.pending('ECR-2026-0001')).map((r) => r.notification)).toEqual([{ kind: 'system', command: 'start_review' }]);
    expect(app.stores.schedule.all()).toEqual([expect.objectContaining({ reference: 'ECR-2026-0001', kind: 'outbox', dueAt: app.now.toISOString() })]);
    expect((await app.stores.requests.audit('ECR-2026-0001')).map((r) => r.entry)).toEqual([
      expect.objectContaining({ action: 'submit', actor: officer, toStatus: 'submitted' }),
    ]);
    expect(await app.stores.drafts.closed(owner, draft.draftId)).toEqual({ submittedAs: 'ECR-2026-0001' });
    expect(await app.stores.drafts.listForOwner(owner)).toEqual({
      drafts: [],
      requests: [expect.objectContaining({ key: 'ECR-2026-0001', status: 'submitted' })],
    });
    expect(app.changes).toEqual([{ reference: 'ECR-2026-0001' }]);
  });

  it("keeps the draft, routing it to nobody, when the officer's council has no settings yet", async () => {
    const app = new AppFixture();
    const elsewhere = { ...officer, tenantId: '11111111-1111-4111-8111-111111111111' };
    const draft = await app.stores.drafts.create({ tenantId: elsewhere.tenantId, aadObjectId: elsewhere.aadObjectId }, SEED_004);

    const result = await app.service.submit(elsewhere, draft);

    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('not set up in Establishment Changes yet') });
    expect(await app.stores.requests.get('ECR-2026-0001')).toBeUndefined();
    expect(await app.stores.drafts.get({ tenantId: elsewhere.tenantId, aadObjectId: elsewhere.aadObjectId }, draft.draftId)).toEqual(draft);
    expect(app.changes).toEqual([]);
  });

  it('refuses a draft changed since the click read it (a stale etag), writing nothing', async () => {
    const app = new AppFixture();
    const draft = await app.draft(SEED_004);
    const saved = await app.stores.drafts.save(owner, draft, { ...SEED_004, title: 'Changed in another window' });

    expect(await app.service.submit(officer, draft)).toEqual({ ok: false, message: CHANGED });

    expect(await app.stores.requests.get('ECR-2026-0001')).toBeUndefined();
    expect(await app.stores.outbox.pending('ECR-2026-0001')).toEqual([]);
    expect(await app.stores.drafts.get(owner, draft.draftId)).toEqual(saved);
    expect(app.changes).toEqual([]);
  });

  it('submits a draft once however often Submit is clicked', async () => {
    const app = new AppFixture();
    const draft = await app.draft(SEED_004);

    expect((await app.service.submit(officer, draft)).ok).toBe(true);
    expect(await app.service.submit(officer, draft)).toEqual({ ok: false, message: CHANGED });

    expect((await app.stores.drafts.listForOwner(owner)).requests.map((r) => r.key)).toEqual(['ECR-2026-0001']);
    expect(app.changes).toHaveLength(1);
  });

  it(`refuses a submission past ${MAX_OPEN_REQUESTS} open requests and keeps the draft`, async () => {
    const app = new AppFixture();
    for (let n = 1; n <= MAX_OPEN_REQUESTS; n++) {
      const status = ['submitted', 'in_review', 'awaiting_decision'][n % 3]!;
      app.stores.drafts.list(owner, { key: `ECR-2025-${String(n).padStart(4, '0')}`, title: `Request ${n}`, status, updatedAt: '2025-06-01T00:00:00.000Z' });
    }
    app.stores.drafts.list(owner, { key: 'ECR-2025-0099', title: 'Decided', status: 'approved', updatedAt: '2025-06-01T00:00:00.000Z' });
    const draft = await app.draft(SEED_004);

    const result = await app.service.submit(officer, draft);

    expect(result).toEqual({
      ok: false,
      message: `You already have ${MAX_OPEN_REQUESTS} requests in review or awaiting a decision, the most one person can have at once. Your draft is kept: submit it when one of them is decided or withdrawn.`,
    });
    expect(await app.stores.drafts.get(owner, draft.draftId)).toEqual(draft);
    expect(app.stores.schedule.all()).toEqual([]);
  });

  it('refuses a draft that cannot be routed without using up a reference', async () => {
    const app = new AppFixture();
    // The finance reviewer raises it, and the route names no other finance reviewer.
    const fiona = person('finance');

    const refused = await app.service.submit(fiona, await app.draft(SEED_004, fiona));

    expect(refused).toEqual({
      ok: false,
      message: expect.stringContaining('This request cannot be routed: its finance reviewer would be Fiona Finance, but you raised it'),
    });
    expect(app.stores.schedule.all()).toEqual([]);
    expect(await app.submitted(SEED_004)).toBe('ECR-2026-0001');
  });

  it('says what is missing from an incomplete draft', async () => {
    const app = new AppFixture();

    const result = await app.service.submit(officer, await app.draft(emptyDraft()));

    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Not yet: /) });
    expect(app.changes).toEqual([]);
  });

  it('resubmits a revised draft into its request, which goes back to review', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);
    await app.workflow.act(SYSTEM, reference, { type: 'start_review' });
    const inReview = (await app.stores.requests.get(reference))!;
    const returned = await app.workflow.act(person('finance'), reference, {
      type: 'return_for_changes',
      expectedVersion: inReview.workflow.version,
      reason: 'Please show the funding for the fixed-term post.',
    });
    expect(returned).toMatchObject({ ok: true, stored: { workflow: { status: 'returned' } } });

    const revision = await app.service.revise(officer, reference);
    if (!revision.ok) throw new Error(revision.message);
    const revised = await app.stores.drafts.save(owner, revision.value, { ...revision.value.content, title: 'Revised title' });
    const result = await app.service.submit(officer, revised);

    expect(result).toMatchObject({ ok: true, value: { reference, content: { title: 'Revised title' }, workflow: { status: 'submitted' } } });
    expect(await app.stores.drafts.get(owner, revised.draftId)).toBeUndefined();
  });
});
