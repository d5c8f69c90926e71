// Every number ow-eval takes from the thesis (Gackstatter, TU Wien 2021; CCGrid 2022), in one place: the claims of
// `ow-eval reproduce`, the report's overlays and the docs read them from here. Source: the thesis's LaTeX at
// PhilippGackstatter/diploma-thesis@9bd4d8e, chapter `chapters/evaluation.tex`; each value names the passage or
// figure file it comes from. [verified] = stated in the text; [decoded] = read off the vector figure (`figures/*.pgf`)
// by mapping plot coordinates to the axes, accurate to about ±1 %. They are drawn next to ours as a reference, never
// mixed into our statistics. The thesis numbers its figures only in the built PDF; we cite the source files instead.

export const thesisCitation =
  'Gackstatter, "A WebAssembly Container Runtime for Serverless Edge Computing", TU Wien 2021 (server: Xeon E3-1231 v3, 8 GB)';

/** The setup differences every overlay states under its chart: the thesis and ow-eval measure different things. */
export const setupDifferences = [
  'Engine: ow-eval runs wasm in V8 (Node.js); the thesis used wasmtime, wasmer and WAMR.',
  'Baseline: ow-eval runs a Node.js action runtime in Docker; the thesis ran native binaries in dockerskeleton.',
  'Hardware: the thesis used a 4-core Xeon E3-1231 v3 server (load generator on a separate machine); ow-eval runs on this host.',
  'Platform: the thesis used OpenWhisk 1.0.0 standalone (4 containers at a time); ow-eval uses its embedded platform unless --apihost.',
];

export type ThesisRuntime = 'Docker' | 'wasmtime' | 'wasmer' | 'WAMR';

/**
 * Mean cold start (waitTime + initTime) of the `hash` action per number of concurrent cold starts, server [decoded]
 * (evaluation.tex, the server cold-start figure; the text states the values at 4 concurrent: Docker 1269 ms, wasmtime
 * 72, WAMR 76, wasmer 83 ms).
 */
export const thesisColdStart: ReadonlyArray<{ runtime: ThesisRuntime; level: number; ms: number }> = (() => {
  const levels = [2, 3, 4, 5, 6, 7, 8, 9, 10];
  const table: Record<ThesisRuntime, number[]> = {
    Docker: [864, 1105, 1269, 1470, 1674, 2011, 2140, 2471, 2635],
    wasmtime: [52, 59, 73, 85, 106, 114, 135, 139, 148],
    wasmer: [57, 76, 83, 101, 112, 119, 149, 156, 171],
    WAMR: [48, 66, 76, 87, 103, 112, 142, 134, 160],
  };
  return (Object.keys(table) as ThesisRuntime[]).flatMap((runtime) =>
    table[runtime].map((ms, i) => ({ runtime, level: levels[i]!, ms })),
  );
})();

/** Executor initTime alone on the server: the range over concurrency levels [decoded] (figures/pc-pi-cold-start-wasm-only.pgf). */
export const thesisInitTime: ReadonlyArray<{ runtime: ThesisRuntime; lowMs: number; highMs: number }> = [
  { runtime: 'WAMR', lowMs: 5.6, highMs: 7.2 },
  { runtime: 'wasmtime', lowMs: 8.5, highMs: 10.1 },
  { runtime: 'wasmer', lowMs: 17.4, highMs: 20.8 },
];

/**
 * Memory per warm container in MiB by module build [decoded]. ow-eval's variants map onto the thesis's builds:
 * optimized ↔ Release+LTO (312 KiB), unoptimized ↔ Release (1.51 MiB), debug ↔ Debug (4.76 MiB).
 */
export const thesisMemoryMiB: ReadonlyArray<{
  runtime: ThesisRuntime;
  variant: 'optimized' | 'unoptimized' | 'debug';
  mib: number;
}> = [
  ...(['optimized', 'unoptimized', 'debug'] as const).map((variant) => ({
    runtime: 'Docker' as const,
    variant,
    mib: 22.2,
  })),
  { runtime: 'wasmtime', variant: 'optimized', mib: 6.4 },
  { runtime: 'wasmtime', variant: 'unoptimized', mib: 6.4 },
  { runtime: 'wasmtime', variant: 'debug', mib: 15.8 },
  { runtime: 'wasmer', variant: 'optimized', mib: 4.1 },
  { runtime: 'wasmer', variant: 'unoptimized', mib: 8.1 },
  { runtime: 'wasmer', variant: 'debug', mib: 19.4 },
  { runtime: 'WAMR', variant: 'optimized', mib: 3.0 },
  { runtime: 'WAMR', variant: 'unoptimized', mib: 3.1 },
  { runtime: 'WAMR', variant: 'debug', mib: 4.2 },
];

/**
 * Throughput of wasm over Docker [verified] (evaluation.tex, throughput section; JMeter, 2 runs averaged). The server's
 * mixed-workload run used OpenWhisk's default intra-container concurrency (limit 1); the action concurrency limit 10
 * belongs to the Raspberry Pi runs only (mixedPi).
 */
export const thesisThroughputRatios = {
  mixedServer: { wasmtime: 2.2, wasmer: 3.0, WAMR: 1.6 },
  mixedServerConcurrency: 1,
  mixedPi: { wasmtime: 3.8, wasmer: 4.2, WAMR: 2.4 },
  mixedPiConcurrency: 10,
  cpuBoundShareOfDocker: { wasmtime: 0.57, wasmer: 0.88, WAMR: 0.39 },
  /** The AssemblyScript sieve: wasmtime gives more than this many times openwhisk/action-nodejs-v14's throughput. */
  primeOverNodejsAtLeast: 3,
} as const;

/** Headline claim: average cold-start reduction on the server, 2..10 concurrent [verified] (evaluation.tex, text). */
export const thesisColdStartReduction = { wasmtime: 0.94, WAMR: 0.94, wasmer: 0.93 } as const;

/**
 * Growth of the cold start per extra concurrent cold start on the server [decoded] (slope of the server cold-start
 * figure; the text calls Docker's growth about linear).
 */
export const thesisColdStartSlopeMs = { Docker: 220, wasm: 12 } as const;

/** "< 10 ms" for wasmtime's initTime on the server [verified] (evaluation.tex, text), the bound the claim checks. */
export const thesisInitTimeBoundMs = { wasmtime: 10, wasmer: 20 } as const;

/**
 * Memory per warm container: Docker over wasm with the Release+LTO build (312 KiB) [verified] (evaluation.tex, the
 * ratio table), and Docker's dockerskeleton container [decoded] (the memory figure).
 */
export const thesisMemoryRatio = { wasmtime: 3.5, wasmer: 5.5, WAMR: 7.4, dockerMiB: 22.2 } as const;

/** The sizes of the thesis's module builds [verified] (evaluation.tex, memory section). */
export const thesisModuleBuilds = { releaseLtoKiB: 312, releaseMiB: 1.51, debugMiB: 4.76 } as const;

/**
 * The "realistic" Azure-inspired mix [verified] (evaluation.tex): about 58 % of Docker requests were cold (4-container
 * limit), 40 % of Docker requests finished under 500 ms; wasm requests above 500 ms "were rare", which ow-eval reads
 * as under 5 % (rareShareReading is ours, not the thesis's).
 */
export const thesisRealistic = { dockerColdShare: 0.58, dockerUnder500msShare: 0.4, rareShareReading: 0.05 } as const;
