// The layering of test-support/layers.ts holds for every import in the sources, and the check does catch an edge
// that goes the wrong way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importEdges, layerOf, wrongEdges } from '../test-support/layers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('no import crosses a layer the wrong way', () => {
  const edges = importEdges(root);
  assert.ok(edges.length > 300, `the sources were found (${edges.length} imports)`);
  assert.deepEqual(wrongEdges(edges), []);
});

test('the check refuses edges the wrong way: a report importing the CLI, reproduce a report, code a test helper', () => {
  const wrong = wrongEdges([
    { from: 'reports/compare.ts', to: 'cli/exit-code.ts' },
    { from: 'experiment/runner/execute-run.ts', to: 'reports/build-report.ts' },
    { from: 'experiment/reproduce/run-reproduce.ts', to: 'reports/build-report.ts' },
    { from: 'executor/server.ts', to: 'platform/invoker/container-pool.ts' },
    { from: 'platform/server.ts', to: 'test-support/fake-run-target.ts' },
    { from: 'newfolder/x.ts', to: 'model/stats/random.ts' },
  ]);
  assert.equal(wrong.length, 6, wrong.join('\n'));
  assert.deepEqual(
    wrongEdges([
      { from: 'cli/report-command.ts', to: 'reports/build-report.ts' },
      { from: 'reports/claims-section.ts', to: 'model/claims/claims.ts' },
      { from: 'reports/compare.test.ts', to: 'cli/program.ts' },
    ]),
    [],
  );
});

test('a file belongs to the layer of its longest matching path', () => {
  assert.equal(layerOf('model/claims/claims.ts')?.name, 'claims');
  assert.equal(layerOf('experiment/reproduce/run-reproduce.ts')?.name, 'reproduce');
  assert.equal(layerOf('model/usage-error.ts')?.name, 'usage-error');
});

test('every error class of the sources extends the one base (errors/ow-eval-error.ts), never Error itself', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !['node_modules', 'dist', 'results', 'fixtures'].includes(entry.name))
          walk(rel);
      } else if (entry.name.endsWith('.ts') && rel !== 'errors/ow-eval-error.ts') {
        if (/\bextends\s+Error\b/.test(readFileSync(path.join(root, rel), 'utf8'))) offenders.push(rel);
      }
    }
  };
  walk('');
  assert.deepEqual(offenders, []);
});
