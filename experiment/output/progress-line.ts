// A live progress line on stderr: done/total, errors, elapsed and ETA. Redrawn in place on a terminal; on a pipe
// (CI logs) it prints at most one line every few seconds so logs stay readable.
export interface Progress {
  done: number;
  total: number;
  errors: number;
  dropped: number;
  label: string;
}

export function progressLine(
  stream: NodeJS.WriteStream,
  startedAt = Date.now(),
): { update(p: Progress): void; end(): void } {
  let lastPrint = 0;
  let lastText = '';
  let printed = '';
  const tty = stream.isTTY === true;
  return {
    update(p) {
      const now = Date.now();
      const elapsed = (now - startedAt) / 1000;
      // Closed-loop and timed scenarios only estimate their total: past it, say so instead of a negative ETA.
      const past = p.done > p.total;
      const eta = p.done > 0 && !past ? (elapsed / p.done) * (p.total - p.done) : Number.NaN;
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
