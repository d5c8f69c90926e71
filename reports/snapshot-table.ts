// The snapshot run's own tables: where the time of a cold start goes on each line (the platform's phases), and what
// each snapshot cost and where that cost was paid (from the manifest), so a reader sees what each snapshot removed.
import { snapshotBreakdown } from '../model/results/snapshot-phases.js';
import { num, type Table } from './tables.js';
import type { LoadedRun } from './run-data.js';

export function snapshotTables(run: LoadedRun): Table[] {
  if (run.manifest.scenario !== 'snapshot') return [];
  const rows = snapshotBreakdown(run.records);
  const cell = (x: number | undefined): string => (x === undefined ? '–' : num(x));
  const phases: Table = {
    id: 'snapshot-phases',
    title: 'Where a cold start of the heavy-init action goes (medians of cold samples, ms)',
    columns: [
      'line',
      'n',
      'queue',
      'container (create, start, runtime ready)',
      '/init (code load, init)',
      'first /run',
      'first response (waitTime + duration)',
    ],
    numeric: [false, true, true, true, true, true, true],
    rows: rows.map((r) => [
      r.line,
      String(r.n),
      cell(r.queueMs),
      cell(r.createMs),
      cell(r.initMs),
      cell(r.runMs),
      num(r.firstResponseMs),
    ]),
    empty: 'no cold samples',
    note:
      "Phases from the embedded platform's ow-eval annotation; each column is its own median, so they need not add up to the last. " +
      'The container phase does not separate Docker from the runtime process start. Plain wasm builds its table in the first /run ' +
      '(a fresh instance per activation); the JavaScript twin builds it at /init; the snapshot lines start with it built.',
  };
  const costs = (run.manifest.targets ?? []).flatMap((t) => {
    const snapshot = t.snapshot;
    if (!snapshot) return [];
    const c = snapshot.cost;
    const ms = (key: string): string => {
      const x = c[key];
      return typeof x === 'number' ? `${num(x)} ms` : '–';
    };
    const bytes = (key: string): string => {
      const x = c[key];
      return typeof x === 'number' ? `${(x / 2 ** 20).toFixed(2)} MiB` : '–';
    };
    const text = (key: string): string => {
      const x = c[key];
      return typeof x === 'string' ? x : '?';
    };
    return [
      snapshot.kind === 'wizer'
        ? [
            t.label ?? 'wasm · wizer',
            text('paidAt'),
            `wizer ${ms('wizerMs')}`,
            `module ${bytes('moduleBytes')} (plain ${bytes('plainModuleBytes')})`,
          ]
        : [
            t.label ?? 'docker · node snapshot',
            text('paidAt'),
            `node --build-snapshot ${ms('buildSnapshotMs')}, image build ${ms('imageBuildMs')}`,
            `blob ${bytes('blobBytes')} (${text('image')})`,
          ],
    ];
  });
  const cost: Table = {
    id: 'snapshot-cost',
    title: 'What each snapshot cost, and where it was paid',
    columns: ['line', 'paid at', 'time', 'size'],
    numeric: [false, false, false, false],
    rows: costs,
    empty: 'no snapshot line in this run',
    note: 'Neither cost is part of any cold start measured above; a reused image shows no build time.',
  };
  return [phases, cost];
}
