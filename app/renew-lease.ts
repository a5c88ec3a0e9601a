import type { OutboxRow } from './ports/outbox';

/**
 * Runs `work` (one send) while renewing the row's lease every third of its length. Leases
 * are short so that a dead instance's row is taken over within seconds; a live one keeps
 * its row however long the send waits for room under Teams' limits. `renewed` hears each
 * new claim, so the completion is written over the latest etag; a renewal in flight is
 * waited for before the work's result is handed back.
 */
export async function whileRenewing<T>(
  row: OutboxRow,
  leaseMs: number,
  renew: (row: OutboxRow) => Promise<OutboxRow | undefined>,
  renewed: (row: OutboxRow) => void,
  work: () => Promise<T>,
): Promise<T> {
  let current = row;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    inFlight = renew(current)
      .then((next) => {
        // Lost (another instance took it after a stall here): nothing more to renew.
        if (!next) return void (stopped = true);
        current = next;
        renewed(next);
      })
      // A storage hiccup: the next tick tries again while the lease lasts.
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, Math.max(100, Math.floor(leaseMs / 3)));
    timer.unref();
  };
  schedule();
  try {
    return await work();
  } finally {
    stopped = true;
    clearTimeout(timer);
    await inFlight;
  }
}
