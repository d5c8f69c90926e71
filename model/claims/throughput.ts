// Throughput as a sample, so ratios of throughputs get a CI: the completions of one (runtime, workload, level) are
// binned into equal windows of its wall-clock span, and each window's rate is one observation.
import type { InvocationRecord } from '../results/records.js';

export function windowedThroughput(records: readonly InvocationRecord[], windows = 6): number[] {
  const ok = records.filter((r) => r.outcome === 'ok');
  if (ok.length < windows) return [];
  const start = Math.min(...ok.map((r) => r.sentAt));
  const end = Math.max(...ok.map((r) => r.receivedAt));
  const width = (end - start) / windows;
  if (width <= 0) return [];
  const counts = new Array<number>(windows).fill(0);
  for (const r of ok) counts[Math.min(windows - 1, Math.floor((r.receivedAt - start) / width))]!++;
  return counts.map((c) => (c * 1000) / width);
}
