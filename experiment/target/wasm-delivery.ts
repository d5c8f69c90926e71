// How wasm actions reach a target, decided from the kinds it offers (`GET /`, the controller's info route): as
// `wasm:0.1` on the WebAssembly fork (or an ow-eval platform), else as `blackbox` actions of the executor image on a
// vanilla OpenWhisk. A target that offers neither fails here, before anything is deployed.
import { TargetError } from './target.js';

export type WasmDelivery =
  | { kind: 'wasm:0.1'; source: 'GET /' | 'assumed: GET / did not answer'; image?: string }
  | { kind: 'blackbox'; image: string; source: 'GET /' };

/** The kinds `GET /` lists under `runtimes` (by family), or undefined when the answer has none. */
export function listedKinds(info: Record<string, unknown> | undefined): string[] | undefined {
  const runtimes = info?.runtimes;
  if (typeof runtimes !== 'object' || runtimes === null) return undefined;
  return Object.values(runtimes)
    .flatMap((family: unknown): unknown[] => (Array.isArray(family) ? family : []))
    .map((entry) => (entry as { kind?: unknown }).kind)
    .filter((kind): kind is string => typeof kind === 'string');
}

function wasmEntryImage(info: Record<string, unknown>): string | undefined {
  const family = (info.runtimes as Record<string, unknown>).wasm;
  const entry = Array.isArray(family)
    ? (family as Array<{ kind?: unknown; image?: unknown }>).find((e) => e.kind === 'wasm:0.1')
    : undefined;
  return typeof entry?.image === 'string' ? entry.image : undefined;
}

/**
 * Real OpenWhisk always accepts `blackbox` and never lists it under `runtimes`; an ow-eval platform states every
 * kind it offers under `ow_eval.kinds`, so one started with `--kinds` can refuse it.
 */
function offersBlackbox(info: Record<string, unknown>): boolean {
  const owEval = info.ow_eval as { kinds?: unknown } | undefined;
  return Array.isArray(owEval?.kinds) ? owEval.kinds.includes('blackbox') : true;
}

export function chooseWasmDelivery(
  apihost: string,
  info: Record<string, unknown> | undefined,
  image: string,
): WasmDelivery {
  const kinds = listedKinds(info);
  if (info === undefined || kinds === undefined) return { kind: 'wasm:0.1', source: 'assumed: GET / did not answer' };
  if (kinds.includes('wasm:0.1')) {
    // The fork's family names its own image; one naming the executor image (any registry or tag) runs a container.
    const listed = wasmEntryImage(info);
    const repository = (name: string): string => name.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
    const executor = listed !== undefined && repository(listed).endsWith(repository(image));
    return { kind: 'wasm:0.1', source: 'GET /', ...(executor ? { image: listed } : {}) };
  }
  if (offersBlackbox(info)) return { kind: 'blackbox', image, source: 'GET /' };
  throw new TargetError(
    'ERR_TARGET_KINDS',
    `${apihost} offers neither wasm:0.1 nor blackbox (its kinds: ${kinds.join(', ') || 'none'}), ` +
      'so wasm actions cannot be deployed there. Either run the WebAssembly fork of OpenWhisk (kind wasm:0.1), or allow ' +
      'blackbox actions and put the executor image on every invoker (ow-eval executor image build, then docker save | ' +
      'docker load; see docs/real-openwhisk.md)',
  );
}

/** The baseline needs nodejs:20; a target that lists its kinds without it fails before anything is deployed. */
export function checkBaselineKind(apihost: string, info: Record<string, unknown> | undefined): void {
  const kinds = listedKinds(info);
  if (kinds === undefined || kinds.includes('nodejs:20')) return;
  throw new TargetError(
    'ERR_TARGET_KINDS',
    `${apihost} does not offer nodejs:20, the baseline's kind (its kinds: ${kinds.join(', ') || 'none'}); ` +
      'add it to the runtimes of the deployment, or run only wasm (--set runtimes=wasm)',
  );
}
