// The code a scenario deploys for a benchmark action: the fork's zip for wasm, the JavaScript twin's source for the
// Node.js baseline. Module variants (for the memory scenario) map to the builds `ow-eval actions build` makes.
import { readFileSync } from 'node:fs';
import {
  getAction,
  isActionName,
  jsSourcePath,
  wasmZipPath,
  type WasmVariant,
} from '../../scenarios/actions/catalog.js';
import type { RuntimeUnit } from './scenario.js';
import { UsageError } from '../../model/usage-error.js';

const variants: Record<string, WasmVariant> = { optimized: 'O3', unoptimized: 'O0', debug: 'debug', wizer: 'wizer' };

export function actionCodeFor(action: string, unit: Pick<RuntimeUnit, 'runtime'>, variant?: string): Buffer | string {
  if (!isActionName(action))
    throw new UsageError('ERR_UNKNOWN_ACTION', `unknown benchmark action '${action}' (see \`ow-eval actions list\`)`);
  const path =
    unit.runtime === 'wasm' ? wasmZipPath(action, variants[variant ?? 'optimized'] ?? 'O3') : jsSourcePath(action);
  try {
    return unit.runtime === 'wasm' ? readFileSync(path) : readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${path} is missing; run \`npx ow-eval actions build\` first`, { cause: error });
    throw error;
  }
}

/** wow links `http.get` only for actions annotated `net_access: true`; the block action needs it. */
export function actionAnnotations(action: string, unit: Pick<RuntimeUnit, 'runtime'>): Record<string, unknown> {
  return unit.runtime === 'wasm' && isActionName(action) && getAction(action).importsHttpGet
    ? { net_access: true }
    : {};
}
