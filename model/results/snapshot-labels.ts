// How results name the snapshot variants (the `snapshot` scenario): the engine value their records carry, next to
// the plain `wasm` / `docker` lines, and the label the terminal, the manifest and the report show. Data model, so
// reports can read it without importing the runner that opens the units.

/** wasm, the action's module pre-initialised by Wizer at `ow-eval actions build` (scenarios/actions/wizer.ts): the
 * records' engine is the executor's engine with this suffix (`tiered · wizer`). */
export const WIZER_SUFFIX = ' · wizer';
export const wizerEngine = (engine: string): string => `${engine}${WIZER_SUFFIX}`;
export const WIZER_LABEL = 'wasm · wizer';
export const WIZER_EXPLANATION =
  "the action's wasm module pre-initialised by Wizer at build time (its init function run, memory and globals " +
  'snapshotted into the module), run by the same executor (V8 tiered) as the plain module';

/** docker, the runtime started from a V8 startup snapshot holding the evaluated action (docker-baseline/snapshot-image.ts). */
export const NODE_SNAPSHOT_ENGINE = 'node snapshot';
export const NODE_SNAPSHOT_LABEL = 'docker · node snapshot';
export const NODE_SNAPSHOT_EXPLANATION =
  'the Node.js runtime image with a V8 startup snapshot (node --build-snapshot at image build) that already holds ' +
  'the evaluated action; its containers start with --snapshot-blob and /init uses the preloaded function';

/** The label of a record's line, or undefined when it is not a snapshot variant. */
export function snapshotLabel(runtime: string, engine?: string | null): string | undefined {
  if (runtime === 'wasm' && engine?.includes(WIZER_SUFFIX)) return WIZER_LABEL;
  if (runtime !== 'wasm' && engine === NODE_SNAPSHOT_ENGINE) return NODE_SNAPSHOT_LABEL;
  return undefined;
}
