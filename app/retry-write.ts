/** How long to wait before each retry of a write that recorded a send: 3.75 s in all, within a 5 s claim. */
const DELAYS_MS = [250, 500, 1000, 2000];

/**
 * Retries the write that records a send as done when storage failed to answer (a conflict
 * is a result, not a failure, so it is never retried). The send has happened: a write that
 * lands within the claim means no other instance sends it again after a storage hiccup.
 */
export async function retryWrite<T>(
  write: () => Promise<T>,
  delaysMs: readonly number[] = DELAYS_MS,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Promise<T> {
  for (const delay of delaysMs) {
    try {
      return await write();
    } catch {
      await sleep(delay);
    }
  }
  return write();
}
