// The terminal's count of how every invocation started, per runtime line and concurrency level (the data model's
// countStartKinds): with the OpenWhisk-default baseline it shows where stem cells ran out. Pure: returns a string.
import { countStartKinds, START_COUNT_HEADINGS, startCountCells } from '../../model/results/start-kinds.js';
import type { InvocationRecord } from '../../model/results/records.js';

export function formatStartKinds(records: readonly InvocationRecord[]): string {
  const rows = countStartKinds(records);
  if (rows.length === 0) return '';
  const header = ['runtime', ...START_COUNT_HEADINGS];
  const table = [
    header,
    ...rows.map((r) => [r.engine ? `${r.runtime}/${r.engine}` : r.runtime, ...startCountCells(r)]),
  ];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  return `how each invocation started, per level (container created = cold or recreated)\n${lines.join('\n')}\n`;
}
