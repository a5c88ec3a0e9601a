import type { CalendarDate } from '../../domain/calendar-date';
import type { DecidedChange } from '../../domain/establishment-apply';
import { totalsOn } from '../../domain/establishment';
import type { PostLine } from '../../domain/request';
import { EstablishmentLedgerStore } from '../../storage/establishment-ledger';
import { createTableService, TableNames } from '../../storage/table-service';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const TENANT = '00000000-0000-0000-0000-0000000000f1';
const OTHER = '00000000-0000-0000-0000-0000000000f2';
const unit = { directorate: 'Adults', service: 'Reablement' };
const d = (s: string) => s as CalendarDate;
const line = (title: string, fte: number): PostLine => ({
  kind: 'establish',
  fteHundredths: fte,
  jobTitle: title,
  grade: 'Grade 4',
  annualCostPerFtePence: 2_837_600,
  costIsEstimate: false,
  term: { type: 'permanent' },
  effectiveDate: d('2026-04-01'),
});
const decision = (reference: string, fte = 100): DecidedChange => ({ reference, title: reference, unit, lines: [line(`Post ${reference}`, fte)] });

describe('EstablishmentLedgerStore on Azurite', () => {
  let store: EstablishmentLedgerStore;

  beforeAll(async () => {
    const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix() });
    await tables.createTables();
    store = new EstablishmentLedgerStore(tables.client(TableNames.Requests));
  });

  it('applies a decision once however often and however concurrently it is asked, and keeps tenants apart', async () => {
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.apply(TENANT, decision('ECR-2026-0001'), d('2026-03-01'))));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    const ledger = await store.read(TENANT);
    expect(ledger.posts).toHaveLength(1);
    expect(ledger.changes.map((c) => c.reference)).toEqual(['ECR-2026-0001']);
    expect((await store.read(OTHER)).posts).toEqual([]);
  });

  it('different decisions written at once all land: each write is guarded by the head etag and retried', async () => {
    const refs = ['ECR-2026-0010', 'ECR-2026-0011', 'ECR-2026-0012', 'ECR-2026-0013', 'ECR-2026-0014'];
    await Promise.all(refs.map((r) => store.apply(OTHER, decision(r, 150), d('2026-03-01'))));
    const ledger = await store.read(OTHER);
    expect(ledger.changes).toHaveLength(5);
    expect(totalsOn(ledger.posts, d('2026-04-01'))).toEqual({ fteHundredths: 750, annualCostPence: 5 * 4_256_400 });
  });

  it('pending rows give way to the decision when it is applied, and are not written again after it', async () => {
    const pending = { ...unit, reference: 'ECR-2026-0020', title: 't', status: 'published', fteHundredths: 100, annualCostPence: 2_837_600 };
    await store.setPending(TENANT, pending);
    expect((await store.read(TENANT)).pending.map((p) => p.reference)).toEqual(['ECR-2026-0020']);
    await store.apply(TENANT, decision('ECR-2026-0020'), d('2026-03-01'));
    await store.setPending(TENANT, pending);
    expect((await store.read(TENANT)).pending).toEqual([]);
    await store.setPending(TENANT, { ...pending, reference: 'ECR-2026-0021' });
    await store.clearPending(TENANT, 'ECR-2026-0021');
    expect((await store.read(TENANT)).pending).toEqual([]);
  });

  it('refuses a tenant id that is not a GUID before it becomes a key', async () => {
    await expect(store.read("x' or PartitionKey ne '")).rejects.toThrow('GUID');
  });
});
