import { RATE_LIMITED_CLICK, RATE_LIMITED_MESSAGE } from '../../bot/middleware';
import { PersonRateLimiter } from '../../bot/rate-limiter';
import { TeamsBot } from '../../bot/teams-bot';
import { BotHarness, OFFICER, textOf } from '../support/bot-harness';

/**
 * One person's flood (512 messages in a burst were all processed) is cut to their
 * allowance: the rest are dropped, the person is told once, and nobody else notices.
 */
const PER_MINUTE = 30;
const BURST = 10;
const INVOKE_BURST = 5;
const FLOOD = 512;

const OTHER = { aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: 'Harry Other' };
const CLICKER = { aadObjectId: '00000000-0000-0000-0000-0000000000c3', name: 'Cleo Clicker' };

const bot = new BotHarness();
let runSpy: jest.SpyInstance;

beforeAll(async () => {
  await bot.start({
    // Local mode leaves the limits off unless they are set (with credentials they are on).
    PERSON_MESSAGES_PER_MINUTE: String(PER_MINUTE),
    PERSON_MESSAGE_BURST: String(BURST),
    PERSON_INVOKES_PER_MINUTE: String(PER_MINUTE),
    PERSON_INVOKE_BURST: String(INVOKE_BURST),
  });
  runSpy = jest.spyOn(TeamsBot.prototype, 'run');
});

afterAll(async () => {
  await bot.stop();
  jest.restoreAllMocks();
});

/** What a refill at PER_MINUTE can add over `ms`, rounded up, plus one for timing at the edges. */
const refill = (ms: number) => Math.ceil((ms * PER_MINUTE) / 60_000) + 1;
const notices = (user = OFFICER) => bot.connector.messagesTo(bot.personalConversationId(user)).filter((m) => textOf(m) === RATE_LIMITED_MESSAGE).length;

describe('a person sending faster than their allowance', () => {
  it(`processes only the allowance of ${FLOOD} messages sent in a burst, and tells the person once`, async () => {
    runSpy.mockClear();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: FLOOD }, () => bot.post(bot.activity('message', OFFICER, { text: 'help' }))));
    const elapsed = performance.now() - started;
    // Teams gets its 200 for every one: a dropped message is not an error to retry.
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const processed = runSpy.mock.calls.length;
    expect(processed).toBeGreaterThanOrEqual(BURST);
    expect(processed).toBeLessThanOrEqual(BURST + refill(elapsed));
    // The notice queues behind the replies to the messages let through (each conversation's sends are paced).
    await bot.connector.waitFor(() => notices() === 1, 20_000);
    expect(notices()).toBe(1);
    // Refusals are logged at warn, a line per window (not one per message), never at error.
    const refusals = bot.logs.filter((l) => l.event === 'rate_limit.refused');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(2);
    expect(refusals.every((l) => l.level === 40)).toBe(true);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('does not slow anyone else down', async () => {
    const replies = await bot.say('help', OTHER);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.map(textOf)).not.toContain(RATE_LIMITED_MESSAGE);
  });

  it('lets the person in again once their allowance has refilled, and tells them again if they flood again', async () => {
    await new Promise((r) => setTimeout(r, (60_000 / PER_MINUTE) * 1.2));
    runSpy.mockClear();
    const replies = await bot.say('help');
    expect(runSpy).toHaveBeenCalledTimes(1);
    expect(replies.map(textOf)).not.toContain(RATE_LIMITED_MESSAGE);
    await Promise.all(Array.from({ length: 20 }, () => bot.post(bot.activity('message', OFFICER, { text: 'help' }))));
    await bot.connector.waitFor(() => notices() === 2, 20_000);
    expect(notices()).toBe(2);
  });

  it('answers every click over the allowance with a 429 error body, never silence', async () => {
    const results = [];
    for (let i = 0; i < INVOKE_BURST + 10; i++)
      results.push(await bot.invoke({ action: { type: 'Action.Execute', verb: 'no.such.verb', data: {} }, trigger: 'manual' }, CLICKER));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const limited = results.filter((r) => (r.body as { statusCode?: number } | undefined)?.statusCode === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10 - 1);
    for (const r of limited)
      expect(r.body).toEqual({ statusCode: 429, type: 'application/vnd.microsoft.error', value: { code: 'RATE_LIMITED', message: RATE_LIMITED_CLICK } });
    // The clicks let through reached the card-action handlers (which refuse an unknown verb themselves).
    expect(results.slice(0, INVOKE_BURST).every((r) => (r.body as { statusCode?: number }).statusCode !== 429)).toBe(true);
  });
});

describe('the per-person limiter', () => {
  function limiter(maxPeople = 1000) {
    let now = 0;
    const l = new PersonRateLimiter({ perMinute: 60, burst: 3 }, maxPeople, () => now);
    return { l, advance: (ms: number) => (now += ms) };
  }

  it('lets a burst through, refuses the rest (the first refusal marked), and refills at the rate', () => {
    const { l, advance } = limiter();
    expect([1, 2, 3, 4, 5].map(() => l.take('a'))).toEqual(['admitted', 'admitted', 'admitted', 'refused-first', 'refused']);
    advance(1000);
    expect(l.take('a')).toBe('admitted');
    expect(l.take('a')).toBe('refused-first');
  });

  it('marks one refusal in a flood that goes on while tokens are earned (the person is told once a flood)', () => {
    const { l, advance } = limiter();
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) {
      seen.push(l.take('a'));
      advance(100);
    }
    expect(seen.filter((a) => a === 'refused-first')).toHaveLength(1);
    expect(seen.filter((a) => a === 'admitted').length).toBeGreaterThan(3);
  });

  it('forgets people whose allowance has refilled, so it holds only those sending now', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 500; i++) l.take(`person-${i}`);
    expect(l.size).toBe(500);
    // Three seconds refill a burst of three at one a second: everyone is as good as new.
    advance(3000);
    for (let i = 0; i < 500; i++) l.take('someone-else');
    expect(l.size).toBe(1);
  });

  it('never holds more than its cap of people', () => {
    const { l } = limiter(100);
    for (let i = 0; i < 10_000; i++) l.take(`person-${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
  });

  it('does nothing with a rate of 0', () => {
    const l = new PersonRateLimiter({ perMinute: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => l.take('a')).every((a) => a === 'admitted')).toBe(true);
    expect(l.size).toBe(0);
  });
});
