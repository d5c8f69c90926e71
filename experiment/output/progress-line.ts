// A live progress line on stderr: done/total, errors, elapsed and ETA. Redrawn in place on a terminal; on a pipe
// (CI logs) it prints at most one line every few seconds so logs stay readable.
export interface Progress {
  done: number;
  total: number;
  errors: number;
  dropped: number;
  label: string;
  /** The plan's estimate of the measuring time, in seconds (the first ETA, before there is a rate to go by). */
  estimatedSeconds?: number;
}

/**
 * Seconds left. Startup (platform, images) comes before the first invocation, so the rate is measured from the first
 * completed one, never from the start; until a few more are done the plan's estimate stands, and the measured rate
 * takes over as the run proceeds (a timed, closed-loop scenario's count is itself an estimate, and its early steps
 * with few clients are slower than its later ones, so neither alone is right early on).
 */
export function etaSeconds(
  p: Pick<Progress, 'done' | 'total' | 'estimatedSeconds'>,
  first: { at: number; done: number } | undefined,
  now: number,
): number | undefined {
  if (p.done > p.total || first === undefined) return undefined;
  const sinceFirst = (now - first.at) / 1000;
  const planned = p.estimatedSeconds === undefined ? undefined : Math.max(0, p.estimatedSeconds - sinceFirst);
  const counted = p.done - first.done;
  const measured = counted >= 3 && sinceFirst > 0 ? (sinceFirst / counted) * (p.total - p.done) : undefined;
  if (measured === undefined) return planned;
  if (planned === undefined) return measured;
  const weight = Math.min(1, p.done / p.total);
  return weight * measured + (1 - weight) * planned;
}

export function progressLine(
  stream: NodeJS.WriteStream,
  startedAt = Date.now(),
  clock: () => number = Date.now,
): { update(p: Progress): void; end(): void } {
  let first: { at: number; done: number } | undefined;
  let lastPrint = 0;
  let lastText = '';
  let printed = '';
  const tty = stream.isTTY === true;
  return {
    update(p) {
      const now = clock();
      const elapsed = (now - startedAt) / 1000;
      // Closed-loop and timed scenarios only estimate their total: past it, say so instead of a negative ETA.
      const past = p.done > p.total;
      if (first === undefined && p.done > 0) first = { at: now, done: p.done };
      const eta = etaSeconds(p, first, now) ?? Number.NaN;
      lastText =
        `${p.label} ${p.done}${past ? ` (estimate was ${p.total})` : `/${p.total}`} · errors ${p.errors} · dropped ${p.dropped} · ${elapsed.toFixed(0)} s elapsed` +
        (Number.isFinite(eta) ? ` · ETA ${eta.toFixed(0)} s` : '');
      if (tty) stream.write(`\r\x1b[K${lastText}`);
      else if (now - lastPrint > 5000) {
        stream.write(`${lastText}\n`);
        printed = lastText;
        lastPrint = now;
      }
    },
    end() {
      if (tty && lastText) stream.write('\n');
      else if (!tty && lastText && lastText !== printed) stream.write(`${lastText}\n`);
    },
  };
}
