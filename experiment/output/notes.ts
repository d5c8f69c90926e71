// The measurements a scenario noted beside its records (measurements.json), in words instead of a JSON dump: memory
// per warm container, and tinybench's own view of the warm loop (its mean and median only: the summary table holds
// the percentiles, under the statistics policy).
export function formatNotes(notes: Record<string, unknown>): string {
  const lines: string[] = [];
  const memory = notes['memory'];
  if (Array.isArray(memory))
    for (const m of memory as Array<{
      runtime?: string;
      variant?: string;
      perContainerBytes?: number;
      method?: string;
    }>)
      if (typeof m.perContainerBytes === 'number')
        lines.push(
          `memory per warm container: ${m.runtime ?? '?'} ${m.variant ?? ''} ${(m.perContainerBytes / 1048576).toFixed(2)} MiB (${m.method ?? 'method not recorded'})`,
        );
  const tinybench = notes['tinybench'];
  if (tinybench && typeof tinybench === 'object')
    for (const [task, value] of Object.entries(tinybench as Record<string, unknown>)) {
      const t = value as { state?: string; latencyMs?: { mean?: number; p50?: number; samples?: number } };
      const l = t.latencyMs;
      lines.push(
        l && typeof l.mean === 'number' && typeof l.p50 === 'number'
          ? `tinybench ${task}: mean ${l.mean.toFixed(2)} ms, median ${l.p50.toFixed(2)} ms over ${l.samples ?? '?'} measured iterations (its own clock, around the whole call)`
          : `tinybench ${task}: ${t.state ?? 'no result'}`,
      );
    }
  const unsettled = notes['stemCellRoundsUnsettled'];
  if (typeof unsettled === 'number')
    lines.push(
      `openwhisk-default baseline: ${unsettled} round(s) began with a stem cell still starting (the wait for replacements timed out)`,
    );
  const known = ['memory', 'tinybench', 'memoryUnmeasured', 'stemCellRoundsUnsettled'];
  const other = Object.keys(notes).filter((k) => !known.includes(k));
  if (notes['memoryUnmeasured'] !== undefined) lines.push('some memory could not be measured: see measurements.json');
  if (other.length > 0) lines.push(`also noted in measurements.json: ${other.join(', ')}`);
  return lines.map((l) => `${l}\n`).join('');
}
