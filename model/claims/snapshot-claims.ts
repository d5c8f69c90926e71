// The snapshot experiment's claims (its phase breakdown is in ../results/snapshot-phases.ts): cold starts of the
// heavy-initialisation action with and without a snapshot on each side. The measure is the first response as the
// platform saw it, waitTime + duration (queue, container, /init, first run: OpenWhisk's `duration` of a cold
// activation includes its initTime), not waitTime + initTime: a plain wasm module builds its table in the first
// activation (`run`), not at /init, so the thesis's cold-start measure would miss the work the snapshot removes.
import { median } from 'simple-statistics';
import { ratioOfMedians } from '../stats/sample-stats.js';
import { NODE_SNAPSHOT_LABEL, WIZER_LABEL } from '../results/snapshot-labels.js';
import { firstResponseMs, snapshotLineOf, type SnapshotLine } from '../results/snapshot-phases.js';
import { thesisColdStartReduction } from '../../thesis/numbers.js';
import { verdictFor, type ClaimRow, type RunData } from './claims.js';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

interface Pair {
  id: string;
  claim: string;
  thesis: string;
  threshold: ClaimRow['threshold'];
  ours: SnapshotLine;
  against: SnapshotLine;
}

const noSnapshotInThesis = 'none: the thesis measured no snapshots (its actions initialise almost nothing)';

const pairs: Pair[] = [
  {
    id: 'snapshot-wasm-wizer',
    claim: "Wizer pre-initialisation shortens the heavy-init action's wasm cold start (wasm · wizer vs wasm)",
    thesis: noSnapshotInThesis,
    threshold: { value: 0, atLeast: true, unit: 'reduction' },
    ours: WIZER_LABEL,
    against: 'wasm',
  },
  {
    id: 'snapshot-docker-node',
    claim:
      "a V8 startup snapshot shortens the heavy-init action's Docker cold start (docker · node snapshot vs docker)",
    thesis: noSnapshotInThesis,
    threshold: { value: 0, atLeast: true, unit: 'reduction' },
    ours: NODE_SNAPSHOT_LABEL,
    against: 'docker',
  },
  {
    id: 'snapshot-both',
    claim:
      "with snapshots on both sides, wasm cold starts of the heavy-init action are shorter than Docker's by the thesis's margin (wasm · wizer vs docker · node snapshot)",
    thesis: `${pct(thesisColdStartReduction.wasmtime)} shorter (wasmtime), for actions without heavy initialisation and without snapshots`,
    threshold: { value: thesisColdStartReduction.wasmtime, atLeast: true, unit: 'reduction' },
    ours: WIZER_LABEL,
    against: NODE_SNAPSHOT_LABEL,
  },
  {
    id: 'snapshot-none',
    claim:
      "without snapshots, wasm cold starts of the heavy-init action are shorter than Docker's by the thesis's margin (wasm vs docker)",
    thesis: `${pct(thesisColdStartReduction.wasmtime)} shorter (wasmtime), for actions without heavy initialisation`,
    threshold: { value: thesisColdStartReduction.wasmtime, atLeast: true, unit: 'reduction' },
    ours: 'wasm',
    against: 'docker',
  },
];

const setup =
  'wasm runs on V8 (Node.js) in the embedded executor; the baseline is the Node.js runtime in Docker (FROM scratch image), its snapshot variant the same image with a startup snapshot of the action; a shared 2-core VM';

export function snapshotClaims(run: RunData | undefined, seed = 1): ClaimRow[] {
  return pairs.map((pair) => {
    const base = { id: pair.id, claim: pair.claim, thesis: pair.thesis, threshold: pair.threshold, setup };
    if (!run) return { ...base, verdict: 'not measured' as const, how: 'no snapshot run' };
    const of = (line: SnapshotLine): number[] =>
      run.records
        .filter((r) => r.outcome === 'ok' && snapshotLineOf(r) === line)
        .map(firstResponseMs)
        .filter((x): x is number => x !== undefined);
    const ours = of(pair.ours);
    const against = of(pair.against);
    const ratio = ratioOfMedians(ours, against, { seed });
    if (!ratio)
      return {
        ...base,
        run: run.dir,
        verdict: 'not measured' as const,
        how: `no cold samples of ${ours.length === 0 ? pair.ours : pair.against} in the run`,
      };
    const ci: [number, number] | undefined = ratio.ci && [1 - ratio.ci[1], 1 - ratio.ci[0]];
    const levels = [...new Set(run.records.map((r) => r.level))].sort((a, b) => a - b);
    return {
      ...base,
      run: run.dir,
      ours: { value: 1 - ratio.ratio, ...(ci ? { ci } : {}), unit: 'reduction' },
      verdict: verdictFor(ci, pair.threshold),
      how: `1 − median(${pair.ours}) / median(${pair.against}) of the first response (waitTime + duration) over all cold samples at ${levels[0]}..${levels[levels.length - 1]} concurrent cold starts (n = ${ours.length} / ${against.length}; medians ${median(ours).toFixed(1)} / ${median(against).toFixed(1)} ms), bootstrap 95 % CI`,
    };
  });
}
