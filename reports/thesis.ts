// The thesis's published numbers (Gackstatter, TU Wien 2021; CCGrid 2022), as decoded in
// ../shared/reference/experiments-and-anchors.md §2.1 from PhilippGackstatter/diploma-thesis@9bd4d8e. They are drawn
// next to ours as a reference, never mixed into our statistics. "decoded" values were read off the thesis's figures.

export const thesisCitation = 'Gackstatter, "A WebAssembly Container Runtime for Serverless Edge Computing", TU Wien 2021 (server: Xeon E3-1231 v3, 8 GB)';

/** The setup differences every overlay states under its chart: the thesis and ow-eval measure different things. */
export const setupDifferences = [
  'Engine: ow-eval runs wasm in V8 (Node.js); the thesis used wasmtime, wasmer and WAMR.',
  'Baseline: ow-eval runs a Node.js action runtime in Docker; the thesis ran native binaries in dockerskeleton.',
  'Hardware: the thesis used a 4-core Xeon E3-1231 v3 server (load generator on a separate machine); ow-eval runs on this host.',
  'Platform: the thesis used OpenWhisk 1.0.0 standalone (4 containers at a time); ow-eval uses its embedded platform unless --apihost.',
];

export type ThesisRuntime = 'Docker' | 'wasmtime' | 'wasmer' | 'WAMR';

/** Mean cold start (waitTime + initTime) of the `hash` action per number of concurrent cold starts, server [decoded]. */
export const thesisColdStart: ReadonlyArray<{ runtime: ThesisRuntime; level: number; ms: number }> = (() => {
  const levels = [2, 3, 4, 5, 6, 7, 8, 9, 10];
  const table: Record<ThesisRuntime, number[]> = {
    Docker: [864, 1105, 1269, 1470, 1674, 2011, 2140, 2471, 2635],
    wasmtime: [52, 59, 73, 85, 106, 114, 135, 139, 148],
    wasmer: [57, 76, 83, 101, 112, 119, 149, 156, 171],
    WAMR: [48, 66, 76, 87, 103, 112, 142, 134, 160],
  };
  return (Object.keys(table) as ThesisRuntime[]).flatMap((runtime) => table[runtime].map((ms, i) => ({ runtime, level: levels[i]!, ms })));
})();

/** Executor initTime alone on the server: the range over concurrency levels [decoded]. */
export const thesisInitTime: ReadonlyArray<{ runtime: ThesisRuntime; lowMs: number; highMs: number }> = [
  { runtime: 'WAMR', lowMs: 5.6, highMs: 7.2 },
  { runtime: 'wasmtime', lowMs: 8.5, highMs: 10.1 },
  { runtime: 'wasmer', lowMs: 17.4, highMs: 20.8 },
];

/**
 * Memory per warm container in MiB by module build [decoded]. ow-eval's variants map onto the thesis's builds:
 * optimized ↔ Release+LTO (312 KiB), unoptimized ↔ Release (1.51 MiB), debug ↔ Debug (4.76 MiB).
 */
export const thesisMemoryMiB: ReadonlyArray<{ runtime: ThesisRuntime; variant: 'optimized' | 'unoptimized' | 'debug'; mib: number }> = [
  ...(['optimized', 'unoptimized', 'debug'] as const).map((variant) => ({ runtime: 'Docker' as const, variant, mib: 22.2 })),
  { runtime: 'wasmtime', variant: 'optimized', mib: 6.4 }, { runtime: 'wasmtime', variant: 'unoptimized', mib: 6.4 }, { runtime: 'wasmtime', variant: 'debug', mib: 15.8 },
  { runtime: 'wasmer', variant: 'optimized', mib: 4.1 }, { runtime: 'wasmer', variant: 'unoptimized', mib: 8.1 }, { runtime: 'wasmer', variant: 'debug', mib: 19.4 },
  { runtime: 'WAMR', variant: 'optimized', mib: 3.0 }, { runtime: 'WAMR', variant: 'unoptimized', mib: 3.1 }, { runtime: 'WAMR', variant: 'debug', mib: 4.2 },
];

/** Throughput of wasm over Docker for the mixed workload on the server, and CPU-bound wasm as a share of Docker [verified]. */
export const thesisThroughputRatios = {
  mixedServer: { wasmtime: 2.2, wasmer: 3.0, WAMR: 1.6 },
  cpuBoundShareOfDocker: { wasmtime: 0.57, wasmer: 0.88, WAMR: 0.39 },
} as const;

/** Headline claims: average cold-start reduction on the server [verified]. */
export const thesisColdStartReduction = { wasmtime: 0.94, WAMR: 0.94, wasmer: 0.93 } as const;
