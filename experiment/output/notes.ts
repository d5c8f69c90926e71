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
  lines.push(...formatSnapshotNotes(notes));
  const shown = new Set([
    'memory',
    'tinybench',
    'memoryUnmeasured',
    'stemCellRoundsUnsettled',
    'snapshotCost',
    'snapshotPhases',
  ]);
  const other = Object.keys(notes).filter((k) => !shown.has(k));
  if (notes['memoryUnmeasured'] !== undefined) lines.push('some memory could not be measured: see measurements.json');
  if (other.length > 0) lines.push(`also noted in measurements.json: ${other.join(', ')}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** The snapshot scenario: each line's phases (medians, ms) and what each snapshot cost, and where it was paid. */
function formatSnapshotNotes(notes: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const ms = (x: unknown): string => (typeof x === 'number' ? `${x.toFixed(1)} ms` : '–');
  const phases = notes['snapshotPhases'];
  if (Array.isArray(phases) && phases.length > 0) {
    lines.push(
      'where a cold start goes (medians): queue · container (create, start, runtime ready) · /init · first /run = first response',
    );
    for (const p of phases as Array<Record<string, unknown>>)
      lines.push(
        `  ${String(p['line']).padEnd(24)} n ${String(p['n']).padStart(3)}  ${ms(p['queueMs'])} · ${ms(p['createMs'])} · ${ms(p['initMs'])} · ${ms(p['runMs'])} = ${ms(p['firstResponseMs'])}`,
      );
  }
  const costs = notes['snapshotCost'];
  if (Array.isArray(costs))
    for (const c of costs as Array<{ line?: string; kind?: string; cost?: Record<string, unknown> }>) {
      const cost = c.cost ?? {};
      const mib = (x: unknown): string => (typeof x === 'number' ? `${(x / 1048576).toFixed(2)} MiB` : '?');
      lines.push(
        c.kind === 'wizer'
          ? `snapshot cost, ${c.line ?? 'wasm · wizer'}: wizer ${ms(cost['wizerMs'])}, module ${mib(cost['moduleBytes'])}; paid at ${String(cost['paidAt'])}`
          : `snapshot cost, ${c.line ?? 'docker · node snapshot'}: node --build-snapshot ${ms(cost['buildSnapshotMs'])}, image build ${ms(cost['imageBuildMs'])}, blob ${mib(cost['blobBytes'])}; paid at ${String(cost['paidAt'])}`,
      );
    }
  return lines;
}
