// V8's WebAssembly compilation strategy, selected with process-wide V8 flags. They must be set before the first
// module compiles; worker threads started later share them (V8 flags are per process, not per isolate).
import v8 from 'node:v8';

export const engines = ['tiered', 'liftoff', 'turbofan'] as const;
export type Engine = (typeof engines)[number];

/**
 * The flags each engine sets (names checked with `node --v8-options` on Node 20 / V8 11.3). On this V8,
 * `--liftoff --no-wasm-tier-up` alone does NOT stay in Liftoff: dynamic tiering still moves hot functions to
 * TurboFan (checked with %IsTurboFanFunction in a worker thread, engine.test.ts), so liftoff also turns it off.
 */
export const engineFlags: Record<Engine, readonly string[]> = {
  tiered: [], // V8's default: Liftoff first, TurboFan for hot functions (dynamic tiering)
  liftoff: ['--liftoff', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'],
  turbofan: ['--no-liftoff'],
};

let applied: Engine | undefined;

/** Sets the engine's flags once per process; asking for a different engine later is an error. */
export function applyEngine(engine: Engine): void {
  if (applied === engine) return;
  if (applied !== undefined) {
    throw new Error(
      `the wasm engine is process-wide and already set to '${applied}'; start another process for '${engine}'`,
    );
  }
  for (const flag of engineFlags[engine]) v8.setFlagsFromString(flag);
  applied = engine;
}
