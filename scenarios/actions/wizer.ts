// The `wizer` variant: runs Wizer (the WebAssembly pre-initialiser, npm @bytecodealliance/wizer, a native binary per
// platform) over a compiled module. Wizer instantiates the module, calls its exported `wizer_initialize`, and writes
// a new module whose data segments and globals hold the state that call left; the init export is removed, the ABI
// exports stay. The executor then runs the result like any module: each activation starts from the snapshotted state.
// This runs at `ow-eval actions build`, so Wizer is a runtime dependency of the package, not a devDependency.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** The export every pre-initialisable action defines (AssemblyScript cannot export Wizer's default `wizer.initialize`). */
export const WIZER_INIT_FUNCTION = 'wizer_initialize';

/** Wizer's flags; part of the build fingerprint with its version, so changing either rebuilds. */
export const wizerFlags: readonly string[] = ['--init-func', WIZER_INIT_FUNCTION];

/** A pre-initialisation that hangs (an init function that never returns) fails the build instead of blocking it. */
const WIZER_TIMEOUT_MS = 120_000;

const require = createRequire(import.meta.url);

/** The installed Wizer's version (from its package.json), for the fingerprint and the report. */
export function wizerVersion(): string {
  return (require('@bytecodealliance/wizer/package.json') as { version: string }).version;
}

/** The package ships no typings; imported by a specifier TypeScript does not follow. */
const wizerSpecifier: string = '@bytecodealliance/wizer';

/** The native binary of this platform (the package's default export is its path). */
async function wizerBinary(): Promise<string> {
  const wizer = (await import(wizerSpecifier)) as { default: string };
  return wizer.default;
}

/** Pre-initialises `wasm` and returns the new module's bytes. */
export async function preinitialise(wasm: Uint8Array): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'ow-eval-wizer-'));
  try {
    const input = join(dir, 'in.wasm');
    const output = join(dir, 'out.wasm');
    await writeFile(input, wasm);
    const binary = await wizerBinary();
    await new Promise<void>((resolve, reject) => {
      execFile(
        binary,
        [...wizerFlags, '-o', output, input],
        { timeout: WIZER_TIMEOUT_MS, maxBuffer: 1 << 20 },
        (error, _stdout, stderr) => {
          if (error) reject(new Error(`wizer failed: ${stderr.trim() || error.message}`, { cause: error }));
          else resolve();
        },
      );
    });
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
