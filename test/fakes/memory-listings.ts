import type { DecisionListing, DecisionListings, Delegation, Delegations, ReferenceSequence } from '../../app/ports/requests';
import { roundTrip } from './memory-tables';

/** The published decisions listing in memory (storage/published-decisions.ts). */
export class MemoryDecisions implements DecisionListings {
  private readonly rows = new Map<string, DecisionListing & { tenantId: string }>();

  async record(tenantId: string, reference: string, columns: Omit<DecisionListing, 'reference'>): Promise<void> {
    this.rows.set(reference, roundTrip({ ...columns, reference, tenantId: tenantId.toLowerCase() }));
  }

  async newest(tenantId: string, limit = 20): Promise<DecisionListing[]> {
    return roundTrip(
      [...this.rows.values()]
        .filter((row) => row.tenantId === tenantId.toLowerCase())
        .map(({ tenantId: _, ...row }) => row)
        .sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.reference.localeCompare(a.reference))
        .slice(0, limit),
    );
  }
}

/** Deputies in memory (storage/delegations.ts): one a principal, and the record of appointments. */
export class MemoryDelegations implements Delegations {
  private readonly current = new Map<string, Delegation>();
  readonly recorded: object[] = [];

  private key = (tenantId: string, aadObjectId: string) => `${tenantId.toLowerCase()}_${aadObjectId.toLowerCase()}`;

  async list(tenantId: string): Promise<Delegation[]> {
    return roundTrip([...this.current.values()].filter((d) => d.for.tenantId.toLowerCase() === tenantId.toLowerCase()));
  }

  async set(delegation: Delegation): Promise<void> {
    this.current.set(this.key(delegation.for.tenantId, delegation.for.aadObjectId), roundTrip(delegation));
  }

  async clear(tenantId: string, aadObjectId: string): Promise<boolean> {
    return this.current.delete(this.key(tenantId, aadObjectId));
  }

  async record(_tenantId: string, entry: object, now: Date): Promise<void> {
    this.recorded.push(roundTrip({ ...entry, at: now.toISOString() }));
  }
}

/** Request numbers in memory (storage/sequence.ts): one series a year, never the same number twice. */
export class MemorySequence implements ReferenceSequence {
  private readonly last = new Map<string, number>();

  async next(year: number, prefix = 'ECR'): Promise<number> {
    const value = (this.last.get(`${prefix}-${year}`) ?? 0) + 1;
    this.last.set(`${prefix}-${year}`, value);
    return value;
  }
}
