import { ConversationRateLimiter } from '../../bot/proactive/rate-limit';

describe('per-conversation send limits', () => {
  /** A limiter on a fake clock: sleeping moves the clock on, and every wait is recorded. */
  function limiter() {
    let now = 0;
    const waits: number[] = [];
    const l = new ConversationRateLimiter(undefined, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    return { l, waits, at: () => now };
  }

  it('lets 7 sends a second through and holds the 8th', async () => {
    const { l, waits } = limiter();
    for (let i = 0; i < 7; i++) await l.take('a:chat');
    expect(waits).toEqual([]);
    await l.take('a:chat');
    expect(waits.length).toBeGreaterThan(0);
  });

  it('counts posts, in-place edits and thread replies of one channel against the channel', async () => {
    const { l, waits, at } = limiter();
    const channel = '19:decisions@thread.tacv2';
    for (let i = 0; i < 7; i++) await l.take(i % 2 ? `${channel};messageid=${1000 + i}` : channel);
    expect(waits).toEqual([]);
    await l.take(`${channel};messageid=2000`);
    expect(at()).toBeGreaterThanOrEqual(1000);
  });

  it('keeps other conversations apart', async () => {
    const { l, waits } = limiter();
    for (let i = 0; i < 7; i++) await l.take('a:one');
    for (let i = 0; i < 7; i++) await l.take('a:two');
    expect(waits).toEqual([]);
  });
});
