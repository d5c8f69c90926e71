#!/usr/bin/env node
// Launcher: the CLI is compiled TypeScript under dist/ (built by `npm run build`, which `npm ci` runs via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('ow-eval: dist/ is missing; run `npm ci` (or `npm run build`) in the ow-eval folder first.\n');
  process.exit(1);
}
await import(main.href);
