// Activation records in memory, bounded in number and in bytes: the oldest are dropped first, as OpenWhisk's
// activation store may expire records (the harness's result files are the durable record). Listing follows Activations.scala: newest first, filters name/since/upto, then skip/limit.
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
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private evicted = 0;

  constructor(
    private readonly maxActivations: number,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY,
  ) {}

  put(record: ActivationRecord): void {
    const id = record.activationId;
    const size = recordBytes(record);
    if (!this.records.has(id)) this.order.push(id);
    this.bytes += size - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, size);
    this.records.set(id, record);
    // The newest record stays even when it alone is over the budget: it was just produced and may be awaited.
    while (this.records.size > this.maxActivations || (this.bytes > this.maxBytes && this.records.size > 1)) {
      this.drop(this.order[this.oldest++]!);
    }
    if (this.oldest > 4096 && this.oldest * 2 > this.order.length) {
      this.order = this.order.slice(this.oldest);
      this.oldest = 0;
    }
  }

  /** What the budget holds now, for /admin/budgets. */
  usage(): { records: number; bytes: number; maxRecords: number; maxBytes: number; evicted: number } {
    return {
      records: this.records.size,
      bytes: this.bytes,
      maxRecords: this.maxActivations,
      maxBytes: this.maxBytes,
      evicted: this.evicted,
    };
  }

  private drop(id: string): void {
    if (!this.records.delete(id)) return;
    this.bytes -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
    this.evicted += 1;
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

/**
 * A record's weight against the byte budget: its result's JSON size (known from the invoker, `response.size`), its
 * log lines and a fixed allowance for the rest. An estimate that never walks the result: this runs per activation.
 */
export function recordBytes(record: ActivationRecord): number {
  let bytes = 512 + (record.response.size ?? 0);
  for (const line of record.logs) bytes += line.length + 8;
  return bytes;
}
