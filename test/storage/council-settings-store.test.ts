import { TableClient } from '@azure/data-tables';
import routingJson from '../../config/routing.example.json';
import { applyEdit, CouncilSettingsSchema } from '../../domain/council-settings';
import { CouncilSettingsStore } from '../../storage/council-settings-store';
import { SequenceStore } from '../../storage/sequence';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const seed = CouncilSettingsSchema.parse(routingJson);
const TENANT = seed.tenantId;
const OTHER = '11111111-1111-4111-8111-111111111111';
const admin = { tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000c2', name: 'Derek Democratic' };

describe("each council's settings in Table Storage (real Azurite)", () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Settings`, { allowInsecureConnection: true });
    await table.createTable();
  });
  const store = () => new CouncilSettingsStore(table, seed);

  it("seeds the routing file's council once, however many instances read it first, and no other council", async () => {
    const reads = await Promise.all(Array.from({ length: 8 }, () => store().current(TENANT)));
    expect(reads.every((r) => r?.version === 1)).toBe(true);
    expect(await store().history(TENANT)).toEqual([expect.objectContaining({ version: 1, changes: ['Settings taken from the routing file'] })]);
    expect(await store().current(OTHER)).toBeUndefined();
    expect(await store().tenants()).toEqual([TENANT]);
  });

  it('lets one of two administrators saving over the same version win; the other gets what is there now', async () => {
    const current = (await store().current(TENANT))!;
    const a = applyEdit(current.settings, { kind: 'add-directorate', name: 'Place' });
    const b = applyEdit(current.settings, { kind: 'add-directorate', name: 'Resources' });
    if (!a.ok || !b.ok) throw new Error('edits refused');
    const [first, second] = await Promise.all([
      store().save(TENANT, current.version, a.settings, admin, a.changes, new Date()),
      store().save(TENANT, current.version, b.settings, admin, b.changes, new Date()),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const loser = first.ok ? second : first;
    expect(loser).toMatchObject({ ok: false, current: { version: current.version + 1 } });
    const now = (await store().current(TENANT))!;
    expect(now.version).toBe(current.version + 1);
    expect(Object.keys(now.settings.directorates)).toHaveLength(1);
    expect((await store().history(TENANT))[0]).toMatchObject({ version: now.version, by: { name: 'Derek Democratic' } });
  });

  it('creates a council’s first settings at version 0 → 1, once', async () => {
    const first = { ...seed, tenantId: OTHER };
    const results = await Promise.all([0, 1].map(() => store().save(OTHER, 0, first, { ...admin, tenantId: OTHER }, ['started'], new Date())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await new CouncilSettingsStore(table).current(OTHER))?.version).toBe(1);
  });
});

describe('reference series per prefix', () => {
  it('numbers each prefix from 1, so two councils never share a reference', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Counters`, { allowInsecureConnection: true });
    await table.createTable();
    const sequence = new SequenceStore(table);
    expect(await Promise.all([sequence.next(2026), sequence.next(2026, 'BCC'), sequence.next(2026), sequence.next(2026, 'BCC')]).then((n) => n.sort())).toEqual(
      [1, 1, 2, 2],
    );
    await expect(sequence.next(2026, "ECR'")).rejects.toThrow();
  });
});
