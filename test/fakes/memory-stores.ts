import { MemoryDrafts } from './memory-drafts';
import { MemoryDecisions, MemoryDelegations, MemorySequence } from './memory-listings';
import { MemoryOutbox } from './memory-outbox';
import { MemoryPostedCards } from './memory-posted-cards';
import { MemoryRequests } from './memory-requests';
import { MemorySchedule } from './memory-schedule';
import { MemoryTables } from './memory-tables';

export type MemoryStores = ReturnType<typeof memoryStores>;

/** Every store behind the application's ports, in memory and sharing one set of tables. */
export function memoryStores() {
  const tables = new MemoryTables();
  const drafts = new MemoryDrafts(tables);
  const posts = new MemoryPostedCards();
  const outbox = new MemoryOutbox(tables, posts);
  return {
    drafts,
    requests: new MemoryRequests(tables, drafts, outbox, posts),
    outbox,
    posts,
    schedule: new MemorySchedule(tables),
    decisions: new MemoryDecisions(),
    delegations: new MemoryDelegations(),
    sequence: new MemorySequence(),
  };
}
