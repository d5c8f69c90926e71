// `ow-eval actions list`: the catalog in words (or JSON), with the paths of each action's forms.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { actions, jsSourcePath, jsZipPath, wasmModulePath, wasmZipPath } from './catalog.js';

export function formatActionList(json: boolean, cwd: string = process.cwd()): string {
  const entries = actions.map((action) => ({
    ...action,
    wasm: action.variants.map((variant) => ({
      variant,
      module: wasmModulePath(action.name, variant),
      zip: wasmZipPath(action.name, variant),
    })),
    js: { source: jsSourcePath(action.name), zip: jsZipPath(action.name) },
  }));
  if (json) return `${JSON.stringify(entries, null, 2)}\n`;

  const show = (path: string): string => `${relative(cwd, path) || path}${existsSync(path) ? '' : ' (not built)'}`;
  const lines: string[] = [];
  for (const entry of entries) {
    lines.push(`${entry.name}: ${entry.summary}`);
    lines.push(
      `  params: ${entry.params}${entry.importsHttpGet ? '; the wasm form imports http.get (needs net_access)' : ''}`,
    );
    for (const wasm of entry.wasm)
      lines.push(`  wasm ${wasm.variant.padEnd(5)} ${show(wasm.module)}, ${show(wasm.zip)}`);
    lines.push(`  js         ${show(entry.js.source)}, ${show(entry.js.zip)}`);
  }
  return `${lines.join('\n')}\n`;
}
