// Names and colours of the lines in every chart and table: one series per runtime × engine, plus the thesis's
// runtimes. Fixed colours, so the same runtime looks the same in every figure of a report.
import type { RuntimeLabel } from '../model/results/records.js';
import type { ThesisRuntime } from '../thesis/numbers.js';
import {
  BLACKBOX_ENGINE,
  BLACKBOX_LABEL,
  RUNTIME_IMAGE_ENGINE,
  RUNTIME_IMAGE_LABEL,
} from '../model/results/wasm-labels.js';
import { STEM_CELL_ENGINE, STEM_CELL_LABEL } from '../model/results/baseline-variants.js';
import { snapshotLabel } from '../model/results/snapshot-labels.js';

/** `wasm · V8 tiered`, `Docker · Node.js`, `node-process · Node.js (no Docker)`. */
export function seriesLabel(runtime: RuntimeLabel, engine?: string | null): string {
  const snapshot = snapshotLabel(runtime, engine);
  if (snapshot !== undefined) return snapshot;
  if (runtime === 'wasm' && engine === BLACKBOX_ENGINE) return BLACKBOX_LABEL;
  if (runtime === 'wasm' && engine === RUNTIME_IMAGE_ENGINE) return RUNTIME_IMAGE_LABEL;
  if (runtime === 'wasm') return `wasm · V8 ${engine || 'default'}`;
  if (runtime === 'docker') return engine === STEM_CELL_ENGINE ? STEM_CELL_LABEL : 'Docker · Node.js';
  return engine === STEM_CELL_ENGINE
    ? 'node-process · Node.js (no Docker), OpenWhisk default (stem cells)'
    : 'node-process · Node.js (no Docker)';
}

export function thesisLabel(runtime: ThesisRuntime): string {
  return runtime === 'Docker' ? 'thesis: Docker (dockerskeleton)' : `thesis: ${runtime}`;
}

const ours: Record<string, string> = {
  'Docker · Node.js': '#1f4e9c',
  [STEM_CELL_LABEL]: '#1b9e9e',
  'node-process · Node.js (no Docker)': '#6a3d9a',
  'wasm · V8 tiered': '#d95f02',
  'wasm · V8 liftoff': '#e7298a',
  'wasm · V8 turbofan': '#a6761d',
};
const thesis: Record<string, string> = {
  'thesis: Docker (dockerskeleton)': '#86a9dc',
  'thesis: wasmtime': '#1b9e77',
  'thesis: wasmer': '#66a61e',
  'thesis: WAMR': '#8c8c8c',
};
const spare = ['#e6ab02', '#17becf', '#bcbd22', '#9467bd'];

/** A colour scale (domain + range) for exactly the series present, ours first, in a stable order. */
export function colorScale(series: Iterable<string>): { domain: string[]; range: string[] } {
  const present = new Set(series);
  const known = [...Object.keys(ours), ...Object.keys(ours).map((s) => `ow-eval: ${s}`), ...Object.keys(thesis)];
  const domain = [...known.filter((s) => present.has(s)), ...[...present].filter((s) => !known.includes(s)).sort()];
  let next = 0;
  const range = domain.map((s) => ours[s.replace(/^ow-eval: /, '')] ?? thesis[s] ?? spare[next++ % spare.length]!);
  return { domain, range };
}
