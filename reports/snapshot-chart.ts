// The snapshot run's figure: where a cold start of the heavy-init action goes on each line (queue, container,
// /init, first /run: the medians of the platform's phases), one horizontal stacked bar per line, labelled as every
// table labels it (`wasm · wizer`, `docker · node snapshot`).
import type { TopLevelSpec } from 'vega-lite';
import { snapshotBreakdown } from '../model/results/snapshot-phases.js';
import { chartConfig, stackedPhaseEncoding, type Chart } from './charts.js';
import type { LoadedRun } from './run-data.js';

const phases = [
  ['queueMs', 'queue'],
  ['createMs', 'container (create, start, runtime ready)'],
  ['initMs', '/init'],
  ['runMs', 'first /run'],
] as const;

export function snapshotPhaseChart(run: LoadedRun): Chart | undefined {
  const rows = snapshotBreakdown(run.records);
  const values = rows.flatMap((row) =>
    phases.flatMap(([key, phase], order) => {
      const ms = row[key];
      return ms === undefined ? [] : [{ line: `${row.line} (n = ${row.n})`, phase, order, ms }];
    }),
  );
  if (values.length === 0) return undefined;
  return {
    id: 'snapshot-phases',
    title: 'Where a cold start of the heavy-init action goes, with and without snapshots',
    caption:
      "Median of each phase of the platform's ow-eval annotation over a line's cold samples (all levels), stacked; linear x.",
    notes: [
      "Medians of each part are stacked, so a bar's length is close to, but not exactly, the median first response.",
      'Plain wasm builds its table in the first /run, the JavaScript twin at /init; the snapshot lines start with it built. ' +
        "The container phase holds Docker's create and start and the runtime's start (for the node snapshot, its deserialisation).",
    ],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      config: chartConfig,
      width: 520,
      height: 30 * rows.length + 20,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'line', type: 'nominal', title: null, sort: null, axis: { labelLimit: 300 } },
        x: { field: 'ms', type: 'quantitative', title: 'median time (ms)', stack: 'zero' },
        ...stackedPhaseEncoding(
          phases.map((p) => p[1]),
          ['#bdbdbd', '#9ecae1', '#fd8d3c', '#74c476'],
        ),
        tooltip: [{ field: 'line' }, { field: 'phase' }, { field: 'ms', format: '.1f' }],
      },
    } as unknown as TopLevelSpec,
  };
}
