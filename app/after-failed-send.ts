import type { Notification } from '../domain/notifications';
import type { DrainDeps } from './drain-notifications';
import { isRetryLater, isUnreachable } from './ports/errors';
import type { OutboxRow } from './ports/outbox';
import type { Drain } from './ports/teams';

/** A failed send is tried again after 1 s, doubling to at most this. */
const MAX_RETRY_MS = 5 * 60_000;
/** Retries due within this are also started by a timer here, not only by the next scan. */
const RETRY_HERE_MS = 60_000;
const later = (ms: number, fn: () => void) => void setTimeout(fn, ms).unref();

/**
 * What a failed send leaves: parked for someone unreachable (retried with backoff, and at
 * once when they install the app), dropped ('done': an unreachable target with nowhere to
 * park it, or too many attempts), or held for a retry, which stops the request's queue.
 */
export async function afterFailedSend(
  deps: DrainDeps,
  mine: OutboxRow,
  n: Notification,
  err: unknown,
  drain: Drain,
  kick: (reference: string) => void,
): Promise<'parked' | 'done' | 'stop'> {
  const { reference } = drain;
  const waiting = deps.waiting;
  if (isUnreachable(err) && (n.kind === 'card' || n.kind === 'tell') && waiting) {
    // Kept, never dropped.
    const stored = (await drain.current())?.stored;
    const retryAt = new Date(deps.workflow.now().getTime() + waiting.delay(mine.attempts));
    deps.log.warn(
      { event: 'outbox.waiting', reference, kind: n.kind, why: err.why, attempts: mine.attempts, retryAt: retryAt.toISOString() },
      'notification waits for someone the bot cannot reach yet',
    );
    // The retry is scheduled before the row is held, so a crash between the two leaves it found.
    await deps.schedule.add([{ reference, kind: 'outbox', dueAt: retryAt }]);
    await deps.outbox.release(mine, retryAt);
    if (stored) await waiting.notifications.waitFor(stored, n.to, mine.rowKey, n.kind, err);
    return 'parked';
  }
  if (isUnreachable(err)) {
    deps.log.warn({ event: 'outbox.unreachable', reference, kind: n.kind }, 'notification target unreachable; dropped');
    return 'done';
  }
  if (mine.attempts >= (deps.maxAttempts ?? 8)) {
    deps.log.error({ event: 'outbox.gave_up', reference, kind: n.kind, attempts: mine.attempts, err }, 'notification abandoned');
    return 'done';
  }
  const delay = isRetryLater(err) ? Math.max(0, err.notBeforeMs - Date.now()) : Math.min(1000 * 2 ** Math.max(0, mine.attempts - 1), MAX_RETRY_MS);
  deps.log.warn({ event: 'outbox.retry', reference, kind: n.kind, attempts: mine.attempts, delayMs: delay, err }, 'notification will be retried');
  const retryAt = new Date(deps.workflow.now().getTime() + delay);
  // Held until then, so neither this instance nor another sends it sooner than asked.
  await deps.outbox.release(mine, retryAt);
  await deps.schedule.add([{ reference, kind: 'outbox', dueAt: retryAt }]);
  // The scan (every SCHEDULE_SCAN_SECONDS) is the fallback after a restart; a retry due soon need not wait for it.
  if (delay <= RETRY_HERE_MS) (deps.later ?? later)(delay + 50, () => kick(reference));
  return 'stop';
}
