import type { ForwardPlanEntry } from '../../domain/forward-plan-listing';

export type { ForwardPlanEntry };

/**
 * Each council's forward plan (storage/forward-plan-listings.ts): a copy of every key
 * decision's notice and where it stands, written after each change, safe to rewrite.
 */
export interface ForwardPlanListings {
  record(tenantId: string, entry: ForwardPlanEntry): Promise<void>;
  /** Every entry of the council's, by notice date. */
  list(tenantId: string): Promise<ForwardPlanEntry[]>;
}
