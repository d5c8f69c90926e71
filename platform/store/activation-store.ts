// Activation records in memory, bounded: the oldest are dropped first (the harness's result files are the durable
// record). Listing follows Activations.scala: newest first, filters name/since/upto, then skip/limit.
import type { ActivationRecord } from '../types.js';

export interface ActivationQuery {
  namespace: string;
  name?: string;
  since?: number;
  upto?: number;
  skip: number;
  limit: number;
}

export class ActivationStore {
  private readonly records = new Map<string, ActivationRecord>();
  /**
   * Ids in the order they were stored, from `oldest` on: the next to drop. Finding the oldest with
   * `records.keys().next()` walks over the Map's deleted slots from its start, ≈ 7 µs per activation once full
   * (10,000 records) against ≈ 0.2 µs with this list.
   */
  private order: string[] = [];
  private oldest = 0;

  constructor(private readonly maxActivations: number) {}

  put(record: ActivationRecord): void {
    if (!this.records.has(record.activationId)) this.order.push(record.activationId);
    this.records.set(record.activationId, record);
    while (this.records.size > this.maxActivations) this.records.delete(this.order[this.oldest++]!);
    if (this.oldest > 4096 && this.oldest * 2 > this.order.length) {
      this.order = this.order.slice(this.oldest);
      this.oldest = 0;
    }
  }

  get(namespace: string, id: string): ActivationRecord | undefined {
    const record = this.records.get(id);
    return record?.namespace === namespace ? record : undefined;
  }

  query(q: ActivationQuery): { items: ActivationRecord[]; total: number } {
    const matching = [...this.records.values()].filter(
      (r) =>
        r.namespace === q.namespace &&
        (q.name === undefined || r.name === q.name || pathOf(r) === `${r.namespace}/${q.name}`) &&
        (q.since === undefined || r.start >= q.since) &&
        (q.upto === undefined || r.start <= q.upto),
    );
    matching.sort((a, b) => b.start - a.start);
    return { items: matching.slice(q.skip, q.skip + q.limit), total: matching.length };
  }
}

function pathOf(record: ActivationRecord): string | undefined {
  const path = record.annotations.find((a) => a.key === 'path');
  return typeof path?.value === 'string' ? path.value : undefined;
}
