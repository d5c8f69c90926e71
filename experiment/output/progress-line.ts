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
  /** Whether the count or the duration of the plan is exact. @default 'count' */
  pacedBy?: PacedBy;
}

/**
 * What a plan's total is sure of. `count`: the invocation count is exact and the time an estimate (cold starts,
 * chains: the plan's seconds were measured once, on some machine, so once there is a rate here the rate decides).
 * `time`: the duration is fixed by the configuration and the count an estimate (closed-loop, timed steps: early steps
 * with few clients run fewer invocations per second than later ones, so a rate says nothing about what is left).
 */
export type PacedBy = 'count' | 'time';

/**
 * Seconds left. Startup (platform, images) comes before the first invocation, so time is counted from the first
 * completed one, never from the start. A count-paced run goes by the plan until three invocations give a rate, then
 * by the rate alone: mixing in a plan that was too short kept the ETA far too low to the end (a cold-start run showed
 * 124 s left with 267 s to go). A time-paced run goes by the plan's duration.
 */
export function etaSeconds(
  p: Pick<Progress, 'done' | 'total' | 'estimatedSeconds' | 'pacedBy'>,
  first: { at: number; done: number } | undefined,
  now: number,
): number | undefined {
  if (first === undefined) return undefined;
  const sinceFirst = (now - first.at) / 1000;
  const planned = p.estimatedSeconds === undefined ? undefined : p.estimatedSeconds - sinceFirst;
  if (p.pacedBy === 'time') return planned === undefined || planned < 0 ? undefined : planned;
  if (p.done > p.total) return undefined;
  const counted = p.done - first.done;
  if (counted >= 3 && sinceFirst > 0) return (sinceFirst / counted) * (p.total - p.done);
  return planned === undefined ? undefined : Math.max(0, planned);
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
