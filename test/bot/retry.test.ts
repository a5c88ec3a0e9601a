import { RetryLaterError, UnreachableError, withRetry } from '../../bot/proactive/retry';

function httpError(statusCode: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, response: { headers: { get: (n: string) => headers[n.toLowerCase()] } } });
}

function harness(failures: unknown[]) {
  const slept: number[] = [];
  let calls = 0;
  const op = async () => {
    calls++;
    const f = failures.shift();
    if (f) throw f;
    return 'sent';
  };
  const options = { sleep: async (ms: number) => void slept.push(ms), random: () => 0.5, now: () => 1_000_000 };
  return { op, options, slept, calls: () => calls };
}

describe('connector retry policy', () => {
  it.each([429, 412, 502, 504])('retries %i and then succeeds', async (status) => {
    const h = harness([httpError(status), httpError(status)]);
    await expect(withRetry(h.op, h.options)).resolves.toBe('sent');
    expect(h.calls()).toBe(3);
    expect(h.slept).toEqual([250, 500]);
  });

  it('waits at least as long as Retry-After asks (seconds and HTTP date)', async () => {
    const h = harness([httpError(429, { 'retry-after': '3' }), httpError(429, { 'retry-after': new Date(1_000_000 + 2000).toUTCString() })]);
    await withRetry(h.op, h.options);
    expect(h.slept[0]).toBe(3000);
    expect(h.slept[1]).toBeGreaterThanOrEqual(1000);
  });

  it('retries a connection that failed before any answer, and nothing else without a status', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const unsent = Object.assign(new Error('connect ECONNREFUSED'), { code: 'REQUEST_SEND_ERROR' });
    const h = harness([reset, unsent]);
    await expect(withRetry(h.op, h.options)).resolves.toBe('sent');
    expect(h.calls()).toBe(3);

    const bug = harness([new TypeError('cannot read properties of undefined')]);
    await expect(withRetry(bug.op, bug.options)).rejects.toBeInstanceOf(TypeError);
    expect(bug.calls()).toBe(1);
  });

  it('never retries a 403: the target is unreachable', async () => {
    const h = harness([httpError(403)]);
    await expect(withRetry(h.op, h.options)).rejects.toBeInstanceOf(UnreachableError);
    expect(h.calls()).toBe(1);
  });

  it('does not retry other failures', async () => {
    const h = harness([httpError(400)]);
    await expect(withRetry(h.op, h.options)).rejects.toThrow('HTTP 400');
    expect(h.calls()).toBe(1);
  });

  it('hands a long Retry-After back to the caller instead of blocking', async () => {
    const h = harness([httpError(429, { 'retry-after': '120' })]);
    const error = await withRetry(h.op, h.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).notBeforeMs).toBe(1_000_000 + 120_000);
    expect(h.slept).toEqual([]);
  });

  it('gives up after the last attempt with a retry-later error', async () => {
    const h = harness(Array.from({ length: 5 }, () => httpError(502)));
    await expect(withRetry(h.op, { ...h.options, maxAttempts: 5 })).rejects.toBeInstanceOf(RetryLaterError);
    expect(h.calls()).toBe(5);
  });

  it('abandons an attempt Teams never answers and tries again', async () => {
    const h = harness([]);
    let calls = 0;
    const hangsOnce = () => (++calls === 1 ? new Promise<string>(() => undefined) : h.op());
    await expect(withRetry(hangsOnce, { ...h.options, attemptTimeoutMs: 50 })).resolves.toBe('sent');
    expect(calls).toBe(2);

    let hung = 0;
    const neverAnswers = () => (hung++, new Promise<string>(() => undefined));
    await expect(withRetry(neverAnswers, { ...h.options, attemptTimeoutMs: 20, maxAttempts: 3 })).rejects.toBeInstanceOf(RetryLaterError);
    expect(hung).toBe(3);
  });
});
