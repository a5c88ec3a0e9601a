import { ConversationRateLimiter, SWEEP_EVERY } from '../../bot/proactive/rate-limit';

describe('per-conversation send limits', () => {
  /** A limiter on a fake clock: sleeping moves the clock on (and yields, so the test can go on). */
  function limiter() {
    let now = 0;
    const waits: number[] = [];
    const l = new ConversationRateLimiter(
      undefined,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
        await new Promise((r) => setImmediate(r));
      },
    );
    const send = (conversation: string) => l.run(conversation, async () => now);
    return { l, waits, send, at: () => now };
  }

  it('forgets conversations whose sends are all over and out of every window, and only those', async () => {
    let now = 0;
    const l = new ConversationRateLimiter(
      undefined,
      () => now,
      async (ms) => {
        now += ms;
        await new Promise((r) => setImmediate(r));
      },
    );
    // One send each to many chats (a council's staff, over the weeks).
    for (let i = 0; i < SWEEP_EVERY - 1; i++) await l.run(`a:chat-${i}`, async () => undefined);
    now += 31_000; // past every window (the longest is 30 s)
    // A send still waiting for its answer when the sweep comes is never forgotten.
    let answer!: () => void;
    const slow = l.run('a:slow', () => new Promise<void>((r) => (answer = r)));
    await new Promise((r) => setImmediate(r));
    expect(l.size).toBe(SWEEP_EVERY);
    // The SWEEP_EVERY-th send to end sweeps: left are the chat under way and its own, within its window.
    await l.run('a:sweeper', async () => undefined);
    expect(l.size).toBe(2);
    answer();
    await slow;
    expect(await l.run('a:chat-0', async () => 'sent again')).toBe('sent again');
  });

  it('lets 7 sends a second through and holds the 8th', async () => {
    const { waits, send } = limiter();
    for (let i = 0; i < 7; i++) await send('a:chat');
    expect(waits).toEqual([]);
    expect(await send('a:chat')).toBeGreaterThanOrEqual(1000);
  });

  it('keeps to 8 in 2 s and 60 in 30 s when sending without a pause', async () => {
    const { send } = limiter();
    const times: number[] = [];
    for (let i = 0; i < 130; i++) times.push(await send('a:chat'));
    for (const [ms, max] of [
      [1000, 7],
      [2000, 8],
      [30_000, 60],
    ] as const) {
      const most = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));
      expect(most).toBeLessThanOrEqual(max);
    }
  });

  it("runs only the wait for room inside the caller's wrapper, never the send", async () => {
    const { l, at } = limiter();
    const events: string[] = [];
    const send = (i: number) =>
      l.run(
        'a:chat',
        async () => void events.push(`send ${i} at ${at()}`),
        async (room) => {
          events.push(`wait ${i}`);
          const slot = await room();
          events.push(`room ${i}`);
          return slot;
        },
      );
    await Promise.all(Array.from({ length: 8 }, (_, i) => send(i)));
    // The 8th waited a second for room, and was sent only after its wrapper had ended.
    expect(events.slice(-2)).toEqual(['room 7', 'send 7 at 1000']);
    expect(events.filter((e) => e.startsWith('wait'))).toHaveLength(8);
  });

  it('counts posts, in-place edits and thread replies of one channel against the channel', async () => {
    const { send } = limiter();
    const channel = '19:decisions@thread.tacv2';
    for (let i = 0; i < 7; i++) expect(await send(i % 2 ? `${channel};messageid=${1000 + i}` : channel)).toBe(0);
    expect(await send(`${channel};messageid=2000`)).toBeGreaterThanOrEqual(1000);
  });

  it('keeps other conversations apart', async () => {
    const { waits, send } = limiter();
    for (let i = 0; i < 7; i++) await send('a:one');
    for (let i = 0; i < 7; i++) await send('a:two');
    expect(waits).toEqual([]);
  });

  it('counts a send until a second after it ends, so slow sends never bunch up at Teams', async () => {
    const { l, at } = limiter();
    const finish: Array<() => void> = [];
    const slow = Array.from({ length: 7 }, () => l.run('a:chat', () => new Promise<void>((r) => finish.push(r))));
    let eighthAt: number | undefined;
    const eighth = l.run('a:chat', async () => (eighthAt = at()));
    // Five seconds pass with all seven still under way: the eighth has to wait for one.
    while (at() < 5000) await new Promise((r) => setImmediate(r));
    expect(eighthAt).toBeUndefined();
    finish[0]!();
    await slow[0];
    const ended = at();
    await eighth;
    expect(eighthAt).toBeGreaterThanOrEqual(ended + 1000);
    for (const f of finish) f();
    await Promise.all(slow);
  });
});
