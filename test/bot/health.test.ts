import { SharedCheck } from '../../bot/health';
import { BotHarness } from '../support/bot-harness';
import { FaultProxy } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';

/**
 * App Service polls /healthz and recycles an instance that fails it: answering 503 because
 * many pollers arrived at once (each with a Table query of its own) recycled healthy
 * instances. The answer comes from one shared storage check at most MAX_AGE old.
 */
const MAX_AGE_SECONDS = 1;
const CALLERS = 100;

const proxy = new FaultProxy(testConnectionString());
const bot = new BotHarness();

/** Storage checks that reached Table Storage (the bot's ping: one row of the counters table). */
const storageChecks = () =>
  proxy.requests.filter((r) => r.method === 'GET' && r.path.includes(`${bot.tablePrefix}Counters()`) && /top=1\b/.test(r.path)).length;

async function pollAtOnce(callers: number): Promise<{ statuses: Record<number, number>; checks: number }> {
  const before = storageChecks();
  const responses = await Promise.all(Array.from({ length: callers }, () => fetch(`${bot.app.url}/healthz`).then(async (r) => (await r.text(), r.status))));
  const statuses: Record<number, number> = {};
  for (const status of responses) statuses[status] = (statuses[status] ?? 0) + 1;
  return { statuses, checks: storageChecks() - before };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await proxy.start();
  await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString, HEALTH_CHECK_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS) });
});

afterAll(async () => {
  await bot.stop();
  await proxy.stop();
});

describe('/healthz under many pollers', () => {
  it(`answers ${CALLERS} concurrent callers 200 from one storage check while storage is up`, async () => {
    for (let round = 0; round < 3; round++) {
      // Each round after the cached answer has expired, so each needs a check of its own.
      await sleep(MAX_AGE_SECONDS * 1000 + 100);
      const { statuses, checks } = await pollAtOnce(CALLERS);
      expect(statuses).toEqual({ 200: CALLERS });
      expect(checks).toBe(1);
    }
  });

  it('answers 503 once storage has stopped answering for the cache age, and 200 again after it is back', async () => {
    // A fresh answer from before the outage.
    expect((await pollAtOnce(1)).statuses).toEqual({ 200: 1 });
    proxy.fail('refuse');
    await sleep(MAX_AGE_SECONDS * 1000 + 100);
    const down = await pollAtOnce(CALLERS);
    expect(down.statuses).toEqual({ 503: CALLERS });
    // The SDK's own retries of a refused connection count as one check.
    expect(down.checks).toBeGreaterThan(0);
    expect(bot.logs.filter((l) => l.event === 'health.storage_unreachable')).toHaveLength(1);

    proxy.heal();
    await sleep(MAX_AGE_SECONDS * 1000 + 100);
    expect((await pollAtOnce(CALLERS)).statuses).toEqual({ 200: CALLERS });
    expect(bot.logs.filter((l) => l.event === 'health.storage_reachable')).toHaveLength(1);
  });

  it('answers /livez without asking storage', async () => {
    proxy.fail('refuse');
    try {
      const before = storageChecks();
      const response = await fetch(`${bot.app.url}/livez`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect(storageChecks()).toBe(before);
    } finally {
      proxy.heal();
    }
  });
});

describe('the shared check', () => {
  function check() {
    let now = 0;
    let calls = 0;
    let answer: (ok: boolean) => void = () => undefined;
    const shared = new SharedCheck(
      () => (calls++, new Promise<boolean>((r) => (answer = r))),
      1000,
      undefined,
      () => now,
    );
    return { shared, calls: () => calls, answer: (ok: boolean) => answer(ok), advance: (ms: number) => (now += ms) };
  }

  it('makes one check for every caller while it is under way, and reuses its answer until it is max-age old', async () => {
    const c = check();
    const waiting = Array.from({ length: 50 }, () => c.shared.ok());
    expect(c.calls()).toBe(1);
    c.answer(true);
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(true));
    c.advance(999);
    expect(await c.shared.ok()).toBe(true);
    expect(c.calls()).toBe(1);
    c.advance(1);
    const next = c.shared.ok();
    expect(c.calls()).toBe(2);
    c.answer(false);
    expect(await next).toBe(false);
  });

  it('counts a check that throws as storage not answering', async () => {
    const shared = new SharedCheck(() => Promise.reject(new Error('boom')), 1000);
    expect(await shared.ok()).toBe(false);
  });
});
