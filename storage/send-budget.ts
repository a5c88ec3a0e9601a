import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, isPreconditionFailed } from './errors';
import { encodeKey } from './keys';

/**
 * Teams' per-bot, per-conversation limits (7 sends a second, 8 in 2 s, 60 in 30 s), kept
 * for every instance at once: a small row a conversation (PK pace, RK the conversation)
 * holding when its recent sends took their slots, written over its etag, so two instances
 * cannot both take the last slot. Each window is counted `MARGIN_MS` longer than Teams
 * counts it: a send reaches Teams a little after its slot is taken, and not always
 * equally soon (on a busy machine 400 ms of margin was measured too little: eight sends
 * reached the connector within one second), and instances' clocks agree only to within
 * a few milliseconds (NTP).
 */
export const BUDGET_WINDOWS: ReadonlyArray<{ ms: number; max: number }> = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30_000, max: 60 },
];
export const MARGIN_MS = 1000;
const PARTITION = 'pace';
const Row = z.object({ etag: z.string(), sends: z.string() });
const Sends = z.array(z.number());

/** How long until one more send fits every window, given the slots taken (ms since the epoch). */
export function roomIn(sends: readonly number[], now: number, windows = BUDGET_WINDOWS, margin = MARGIN_MS): number {
  let delay = 0;
  for (const w of windows) {
    const span = w.ms + margin;
    const inside = sends.filter((t) => t > now - span).sort((a, b) => a - b);
    if (inside.length < w.max) continue;
    delay = Math.max(delay, inside[inside.length - w.max]! + span - now);
  }
  return delay;
}

/** What this instance last knew of a conversation's row: its etag (none before it exists) and slots. */
type Known = { etag?: string; sends: number[] };
/** Conversations whose rows are remembered, at most (the oldest is forgotten first). */
const KNOWN_KEPT = 1000;

export class SendBudgetStore {
  private readonly longest: number;
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly table: TableClient,
    private readonly windows = BUDGET_WINDOWS,
    private readonly margin = MARGIN_MS,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms)) + margin;
  }

  /**
   * Waits until one more send to `conversation` fits every window across instances, and
   * takes that slot. The row as this instance last wrote it is tried first (one write a
   * send while no other instance sends there); a conflict means another did: read and count again.
   */
  async take(conversation: string): Promise<void> {
    const rowKey = encodeKey(conversation);
    let state: Known = this.known.get(rowKey) ?? { sends: [] };
    for (;;) {
      const now = this.clock();
      const sends = state.sends.filter((t) => t > now - this.longest);
      const delay = roomIn(sends, now, this.windows, this.margin);
      if (delay > 0) {
        await this.sleep(delay);
        continue;
      }
      const entity = { partitionKey: PARTITION, rowKey, sends: JSON.stringify([...sends, now]) };
      try {
        const written = state.etag ? await this.table.updateEntity(entity, 'Replace', { etag: state.etag }) : await this.table.createEntity(entity);
        this.remember(rowKey, { etag: written.etag, sends: [...sends, now] });
        return;
      } catch (e) {
        if (!(isPreconditionFailed(e) || isConflict(e) || isNotFound(e))) throw e;
        // Another instance took a slot since: count again with its.
        state = await this.read(rowKey);
      }
    }
  }

  /**
   * Waits, taking nothing, until what this instance last knew of the conversation's row
   * leaves room (a send can wait here without holding its turn; `take` then counts again).
   */
  async room(conversation: string): Promise<void> {
    const known = this.known.get(encodeKey(conversation));
    if (!known) return;
    const delay = roomIn(
      known.sends.filter((t) => t > this.clock() - this.longest),
      this.clock(),
      this.windows,
      this.margin,
    );
    if (delay > 0) await this.sleep(delay);
  }

  private remember(rowKey: string, known: Known): void {
    this.known.delete(rowKey);
    this.known.set(rowKey, known);
    if (this.known.size > KNOWN_KEPT) this.known.delete(this.known.keys().next().value!);
  }

  private async read(rowKey: string): Promise<Known> {
    try {
      const row = Row.parse(await this.table.getEntity(PARTITION, rowKey));
      return { etag: row.etag, sends: Sends.parse(JSON.parse(row.sends)) };
    } catch (e) {
      if (isNotFound(e)) return { sends: [] };
      throw e;
    }
  }
}
