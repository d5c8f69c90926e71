// Which Docker baseline a sample belongs to. The thesis's baseline creates a fresh container for every cold start;
// `openwhisk-default` keeps stem cells (prewarmed, not yet initialised `nodejs:20` containers) as OpenWhisk's default
// runtimes manifest configures them (docs/methodology.md, "The OpenWhisk-default baseline"). Records of the variant
// carry its name where wasm records carry their engine, so every summary, ratio, table and figure keeps the two
// baselines apart. Data model: the runner writes it, reports and claims read it.

export const baselineVariants = ['fresh-container', 'openwhisk-default'] as const;
export type BaselineVariant = (typeof baselineVariants)[number];

/** The `engine` value of a baseline record measured with OpenWhisk's default stem cells. */
export const STEM_CELL_ENGINE = 'openwhisk-default';
export const STEM_CELL_LABEL = 'Docker · Node.js, OpenWhisk default (stem cells)';
/** The report's one sentence on what a stem cell is. */
export const STEM_CELL_EXPLANATION =
  'A stem cell is a container of the default Node.js runtime that the invoker starts before any request and keeps ' +
  "idle without an action; a cold start that finds one only sends the action's code to it (/init), skipping the " +
  "container's creation and start.";

/**
 * OpenWhisk's default stem cells for `nodejs:20`, as apache/openwhisk declares them in `ansible/files/runtimes.json`
 * (lines 44-56 at commit 1fae641a2b30bccb7ddc69d2d215866d899a8510), and the pool's check period for the reactive part
 * (`prewarm-expiration-check-init-delay` / `-interval`, core/invoker/src/main/resources/application.conf lines 66-67).
 */
export const openwhiskDefaultStemCells = {
  kind: 'nodejs:20',
  initialCount: 2,
  memoryMb: 256,
  reactive: { minCount: 1, maxCount: 4, ttlMs: 2 * 60_000, threshold: 1, increment: 1 },
  checkIntervalMs: 10 * 60_000,
} as const;

/** A baseline record of the stem-cell variant. */
export function isStemCellSample(record: { runtime: string; engine?: string | undefined }): boolean {
  return record.runtime !== 'wasm' && record.engine === STEM_CELL_ENGINE;
}

/** A baseline record of the thesis's fresh-container baseline (no variant). */
export function isFreshBaselineSample(record: { runtime: string; engine?: string | undefined }): boolean {
  return record.runtime !== 'wasm' && (record.engine === undefined || record.engine === '');
}
