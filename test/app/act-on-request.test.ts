import { SYSTEM, type Command } from '../../domain/lifecycle';
import { SEED_004 } from '../../fixtures/seed-004';
import { AppFixture, person, type PersonRole } from '../fakes/app-fixture';

/** A request submitted and through review: finance, HR and legal have commented (awaiting the director). */
async function awaitingDecision(app: AppFixture): Promise<string> {
  const reference = await app.submitted(SEED_004);
  await app.workflow.act(SYSTEM, reference, { type: 'start_review' });
  for (const discipline of ['finance', 'hr', 'legal'] as const) {
    const { workflow } = (await app.stores.requests.get(reference))!;
    const result = await app.workflow.act(person(discipline), reference, {
      type: 'add_comment',
      expectedVersion: workflow.version,
      discipline,
      text: `${discipline} content.`,
    });
    if (!result.ok) throw new Error(result.message);
  }
  return reference;
}

const version = async (app: AppFixture, reference: string) => (await app.stores.requests.get(reference))!.workflow.version;
const comment = (discipline: 'finance' | 'hr' | 'legal', expectedVersion: number): Command => ({
  type: 'add_comment',
  expectedVersion,
  discipline,
  text: 'Noted.',
});

describe('acting on a request (app/act-on-request.ts over in-memory stores)', () => {
  it('writes the change with its audit entry, outbox rows and follow-ups, and hands the drain what it wrote', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);

    const result = await app.workflow.act(SYSTEM, reference, { type: 'start_review' }, { correlationId: 'corr-1' });

    expect(result).toMatchObject({ ok: true, stored: { workflow: { status: 'in_review' } } });
    const pending = await app.stores.outbox.pending(reference);
    expect(pending.map((r) => r.notification)).toEqual([
      { kind: 'system', command: 'start_review' },
      ...(['finance', 'hr', 'legal'] as PersonRole[]).map((key) => ({ kind: 'card', to: expect.objectContaining({ aadObjectId: person(key).aadObjectId }) })),
      { kind: 'update_cards' },
    ]);
    expect((await app.stores.requests.audit(reference)).at(-1)?.entry).toMatchObject({
      action: 'start_review',
      toStatus: 'in_review',
      correlationId: 'corr-1',
    });
    // A reminder and an escalation for each reviewer, and the outbox's own marker.
    const scheduled = app.stores.schedule.all().filter((i) => i.reference === reference);
    expect(scheduled.filter((i) => i.kind === 'remind').map((i) => i.data.name)).toEqual(['Fiona Finance', 'Harry Hr', 'Lena Legal']);
    expect(scheduled.filter((i) => i.kind === 'escalate')).toHaveLength(3);
    expect(scheduled.filter((i) => i.kind === 'outbox')).toHaveLength(2);
    const told = app.changes.at(-1)!;
    expect(told.reference).toBe(reference);
    expect(told.written?.stored.workflow.status).toBe('in_review');
    expect(told.written?.outbox?.map((r) => r.rowKey)).toEqual(pending.slice(1).map((r) => r.rowKey));
    expect(told.written?.due).toMatchObject({ kind: 'outbox', reference });
    expect(told.written?.rules.scrutinyOfficer?.name).toBe('Oscar Overview');
  });

  it('refuses a card showing an older version, writing nothing', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);
    await app.workflow.act(SYSTEM, reference, { type: 'start_review' });
    const before = {
      audit: (await app.stores.requests.audit(reference)).length,
      outbox: (await app.stores.outbox.pending(reference)).length,
      changes: app.changes.length,
    };

    const result = await app.workflow.act(person('finance'), reference, comment('finance', (await version(app, reference)) - 1));

    expect(result).toMatchObject({ ok: false, code: 'STALE_VERSION', message: 'The request has changed since this card was shown: here is where it is now.' });
    expect((await app.stores.requests.audit(reference)).length).toBe(before.audit);
    expect((await app.stores.outbox.pending(reference)).length).toBe(before.outbox);
    expect(app.changes.length).toBe(before.changes);
  });

  it('decides a lost race again on what is stored now: the second approval hears who decided', async () => {
    const app = new AppFixture();
    const reference = await awaitingDecision(app);
    const seen = (await app.stores.requests.get(reference))!;
    const approve: Command = { type: 'approve', interest: { kind: 'none' }, expectedVersion: seen.workflow.version };
    expect(await app.workflow.act(person('director'), reference, approve)).toMatchObject({ ok: true });

    // A second click, on the request as it was read before the first was written: its etag is stale.
    const second = await app.workflow.act(person('director'), reference, approve, { stored: seen });

    expect(second).toMatchObject({
      ok: false,
      code: 'ALREADY_DECIDED',
      message: 'Already approved by Dana Director on 23 November 2026.',
      stored: { workflow: { status: 'approved' } },
    });
    expect((await app.stores.requests.audit(reference)).filter((r) => (r.entry as { action?: string }).action === 'approve')).toHaveLength(1);
  });

  it('gives up with BUSY when the request keeps changing under it', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);
    await app.workflow.act(SYSTEM, reference, { type: 'start_review' });
    const stored = (await app.stores.requests.get(reference))!;
    // Someone else writes the request just before every attempt of this one.
    app.stores.requests.beforeWrite = () => void app.stores.requests.overwrite(stored);

    const result = await app.workflow.act(person('finance'), reference, comment('finance', stored.workflow.version));

    expect(result).toMatchObject({ ok: false, code: 'BUSY', message: `${reference} is changing right now; please try again.` });
    expect((await app.stores.requests.get(reference))!.workflow.version).toBe(stored.workflow.version);
  });

  it('lists a decision once it is published, and schedules the end of its call-in period', async () => {
    const app = new AppFixture();
    const reference = await awaitingDecision(app);
    await app.workflow.act(person('director'), reference, { type: 'approve', interest: { kind: 'none' }, expectedVersion: await version(app, reference) });
    expect(await app.stores.decisions.newest(person('director').tenantId)).toEqual([]);

    const published = await app.workflow.act(SYSTEM, reference, { type: 'publish' });

    expect(published).toMatchObject({ ok: true, stored: { workflow: { status: 'published' } } });
    expect(await app.stores.decisions.newest('00000000-0000-0000-0000-00000000ffff')).toEqual([]);
    expect(await app.stores.decisions.newest(person('director').tenantId)).toEqual([
      expect.objectContaining({ reference, title: SEED_004.title, status: 'published', publishedOn: '2026-11-23', implementableFrom: expect.any(String) }),
    ]);
    expect(app.stores.schedule.all().filter((i) => i.kind === 'end_call_in')).toEqual([
      expect.objectContaining({ reference, data: { version: await version(app, reference) } }),
    ]);
  });

  it('withdraws a request through the same path, for its requester only', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);

    expect(await app.service.withdraw(person('stranger'), reference)).toEqual({
      ok: false,
      message: `I can't find ${reference} among the requests you can see.`,
    });
    expect(await app.service.withdraw(person('finance'), reference)).toEqual({ ok: false, message: 'Only the requester, Olivia Officer, can do that.' });
    const withdrawn = await app.service.withdraw(person('officer'), reference);

    expect(withdrawn).toMatchObject({ ok: true, value: { workflow: { status: 'withdrawn' } } });
    expect(app.changes.at(-1)).toMatchObject({ reference, written: { stored: { workflow: { status: 'withdrawn' } } } });
  });
});
