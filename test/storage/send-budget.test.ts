import { TableClient } from '@azure/data-tables';
import { roomIn, SendBudgetStore } from '../../storage/send-budget';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

/** The most slots inside any `ms` (times sorted or not). */
const most = (times: number[], ms: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
};

describe('the send budget shared by instances (storage/send-budget.ts)', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Requests`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it("waits until the oldest slot that fills a window is a window's length (plus the margin) old", () => {
    const windows = [
      { ms: 1000, max: 7 },
      { ms: 2000, max: 8 },
    ];
    expect(roomIn([0, 10, 20, 30, 40, 50], 100, windows, 400)).toBe(0);
    expect(roomIn([0, 10, 20, 30, 40, 50, 60], 100, windows, 400)).toBe(1300);
    // Seven in a second have aged out; the eighth in 2 s has not.
    expect(roomIn([0, 10, 20, 30, 40, 50, 60, 1500], 1500, windows, 400)).toBe(900);
    expect(roomIn([0, 10, 20, 30, 40, 50, 60, 1500], 2500, windows, 400)).toBe(0);
  });

  it('two instances taking slots for one conversation at once never take more than the limit in any window between them', async () => {
    const slots: number[] = [];
    // Records the slot each successful write took: the newest time in the row it wrote.
    const recording = new Proxy(table, {
      get(target, name) {
        const real = Reflect.get(target, name) as unknown;
        if (name !== 'createEntity' && name !== 'updateEntity') return typeof real === 'function' ? real.bind(target) : real;
        return async (entity: { sends: string }, ...rest: unknown[]) => {
          const result = await (real as (...args: unknown[]) => Promise<unknown>).call(target, entity, ...rest);
          slots.push((JSON.parse(entity.sends) as number[]).at(-1)!);
          return result;
        };
      },
    });
    const windows = [
      { ms: 300, max: 3 },
      { ms: 600, max: 4 },
    ];
    const a = new SendBudgetStore(recording, windows, 0);
    const b = new SendBudgetStore(recording, windows, 0);
    await Promise.all([a, b].flatMap((store) => Array.from({ length: 6 }, () => store.take('19:busy@thread.tacv2'))));

    expect(slots).toHaveLength(12);
    expect(most(slots, 300)).toBeLessThanOrEqual(3);
    expect(most(slots, 600)).toBeLessThanOrEqual(4);
  }, 20_000);

  it('keeps conversations apart', async () => {
    const store = new SendBudgetStore(table, [{ ms: 60_000, max: 1 }], 0);
    const started = Date.now();
    await store.take('a:one');
    await store.take('a:two');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
