// Loads node:wasi without its one-time ExperimentalWarning (and only that warning): the executor documents what it
// trusts node:wasi with (README, "Sandbox"), so the warning would only be noise on the user's terminal.
import type { WASI as WasiClass } from 'node:wasi';

export type WasiConstructor = typeof WasiClass;

let loaded: Promise<WasiConstructor> | undefined;

export function loadWasi(): Promise<WasiConstructor> {
  loaded ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back as is; called with .call
  const original = process.emitWarning;
    process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
      const text = typeof warning === 'string' ? warning : warning.message;
      const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
      const isWasiWarning = /WASI/.test(text) && (type === 'ExperimentalWarning' || (warning as Error).name === 'ExperimentalWarning');
      if (isWasiWarning) return;
      return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    };
    try {
      return (await import('node:wasi')).WASI;
    } finally {
      process.emitWarning = original;
    }
  })();
  return loaded;
}
