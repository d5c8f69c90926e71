// The layers of ow-eval and which may import which: the one table the folder READMEs' "May import" lines and
// docs/layers.md describe, and test/layering.test.ts enforces over every import in the sources (type-only imports
// included: a type is a dependency too). Tests (`*.test.ts`, test/) and the test helpers may import anything;
// nothing but tests may import the test helpers.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A layer is a set of source paths (a folder ending in `/`, or one file); a file belongs to the layer with the longest
 * matching path. `mayImport` lists the layers its files may import besides their own; every other edge is wrong.
 */
export interface Layer {
  name: string;
  paths: readonly string[];
  mayImport: readonly string[];
}

/** Every layer but the CLI and bench: what the two top layers may import. */
const belowTheCli = [
  'errors',
  'archive',
  'http-client',
  'thesis',
  'images',
  'scenarios',
  'executor',
  'docker-baseline',
  'baseline-runtime',
  'usage-error',
  'stats',
  'results',
  'claims',
  'output',
  'platform',
  'target',
  'runner',
  'reproduce',
  'reports',
];

export const layers: readonly Layer[] = [
  // Components that know nothing of the harness: the benchmark actions and scenario configs, the two runtimes.
  { name: 'scenarios', paths: ['scenarios/'], mayImport: ['errors'] },
  // Leaf modules both runtimes share: the one zip reader, the one container HTTP client; and the thesis's numbers.
  { name: 'errors', paths: ['errors/'], mayImport: [] },
  { name: 'archive', paths: ['archive/'], mayImport: ['errors'] },
  { name: 'http-client', paths: ['http-client/'], mayImport: ['errors'] },
  { name: 'thesis', paths: ['thesis/'], mayImport: ['errors'] },
  { name: 'executor', paths: ['executor/'], mayImport: ['errors', 'archive'] },
  {
    name: 'docker-baseline',
    paths: ['docker-baseline/'],
    mayImport: ['errors', 'baseline-runtime', 'archive', 'http-client'],
  },
  // Copied into the baseline image with the zip reader, so it imports nothing else outside itself.
  { name: 'baseline-runtime', paths: ['docker-baseline/runtime/'], mayImport: ['errors', 'archive'] },
  // The executor image's recipe for the baseline's offline image builder.
  { name: 'images', paths: ['experiment/images/'], mayImport: ['errors', 'docker-baseline'] },
  // The data model of runs: statistics, records, summaries, result files, and the one user-input error type.
  { name: 'usage-error', paths: ['model/'], mayImport: ['errors'] },
  { name: 'stats', paths: ['model/stats/'], mayImport: ['errors'] },
  { name: 'results', paths: ['model/results/'], mayImport: ['errors', 'stats'] },
  // The thesis claims computed from run data, and their formatting: data model too (reports read it).
  {
    name: 'claims',
    paths: ['model/claims/'],
    mayImport: ['errors', 'results', 'stats', 'thesis'],
  },
  // Terminal formatting of a run's summary and its headline (the cold-start claim).
  { name: 'output', paths: ['experiment/output/'], mayImport: ['errors', 'results', 'stats', 'claims'] },
  // The embedded platform and the targets (embedded or a real OpenWhisk).
  { name: 'platform', paths: ['platform/'], mayImport: ['errors', 'executor', 'docker-baseline', 'http-client'] },
  { name: 'target', paths: ['experiment/target/'], mayImport: ['errors', 'platform'] },
  // Scenario runners: drive a target, write the data model.
  {
    name: 'runner',
    paths: ['experiment/runner/'],
    mayImport: [
      'errors',
      'scenarios',
      'executor',
      'docker-baseline',
      'http-client',
      'images',
      'usage-error',
      'stats',
      'results',
      'output',
      'platform',
      'target',
      'errors',
    ],
  },
  // The reproduce workflow: runs the experiments through the runner and writes the claims.
  {
    name: 'reproduce',
    paths: ['experiment/reproduce/'],
    mayImport: ['errors', 'scenarios', 'usage-error', 'stats', 'results', 'claims', 'output', 'runner'],
  },
  // Reports read only the data model (result files, records, summaries, claims); never a runner, target or the CLI.
  {
    name: 'reports',
    paths: ['reports/'],
    mayImport: ['errors', 'usage-error', 'stats', 'results', 'claims', 'thesis'],
  },
  // The CLI wires everything; only the launcher (bin/) and tests import it.
  {
    name: 'cli',
    paths: ['cli/'],
    mayImport: belowTheCli,
  },
  // The performance suite sits beside the CLI (everything but the CLI); nothing imports it.
  {
    name: 'bench',
    paths: ['bench/'],
    mayImport: belowTheCli,
  },
];

/** Test helpers: may import anything, imported by tests only. */
export const testHelperPaths: readonly string[] = ['test-support/'];

const isTest = (file: string): boolean => file.endsWith('.test.ts') || file.startsWith('test/');
const isTestHelper = (file: string): boolean => testHelperPaths.some((p) => file.startsWith(p));

export function layerOf(file: string): Layer | undefined {
  let best: Layer | undefined;
  let bestLength = -1;
  for (const layer of layers) {
    for (const p of layer.paths) {
      const matches = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (matches && p.length > bestLength) [best, bestLength] = [layer, p.length];
    }
  }
  return best;
}

/** One import, as paths relative to the repository root with their `.ts` source names. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The edges that cross layers the wrong way, each with the reason. */
export function wrongEdges(edges: readonly ImportEdge[]): string[] {
  const wrong: string[] = [];
  for (const { from, to } of edges) {
    if (isTest(from)) continue;
    if (isTestHelper(to)) {
      if (!isTestHelper(from)) wrong.push(`${from} imports the test helper ${to}`);
      continue;
    }
    if (isTestHelper(from)) continue;
    const source = layerOf(from);
    const target = layerOf(to);
    if (!source) wrong.push(`${from} is in no layer (add it to test-support/layers.ts)`);
    else if (!target) wrong.push(`${from} imports ${to}, which is in no layer`);
    else if (source !== target && !source.mayImport.includes(target.name)) {
      const allowed = source.mayImport.join(', ') || 'its own files';
      wrong.push(`${from} (${source.name}) imports ${to} (${target.name}); ${source.name} may import only ${allowed}`);
    }
  }
  return wrong;
}

const skippedFolders = new Set(['node_modules', 'dist', 'results', 'fixtures', '.git']);
// AssemblyScript, compiled by its own compiler into the actions; it imports only its own lib/.
const skippedPaths = new Set(['scenarios/actions/wasm']);

/** Every relative import of every TypeScript source under `root`, static, dynamic and type-only. */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !skippedFolders.has(entry.name) && !skippedPaths.has(rel)) walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const text = readFileSync(path.join(root, rel), 'utf8');
        for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const target = path.posix.normalize(path.posix.join(dir, match[1]!)).replace(/\.js$/, '.ts');
          edges.push({ from: rel, to: target });
        }
      }
    }
  };
  walk('');
  return edges;
}
