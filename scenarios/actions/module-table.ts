// The table `ow-eval actions build` prints: one row per module or twin, one unit per column.
import { basename, relative } from 'node:path';
import type { BuildReport } from './build.js';

/** `cwd` only shortens the build folder in the footer. */
export function formatModuleTable(report: BuildReport, cwd: string = process.cwd()): string {
  const header = ['action', 'form', 'variant', 'file', 'bytes', 'zip bytes', 'build'];
  const rows = report.artifacts.map((artifact) => [
    artifact.action,
    artifact.form,
    artifact.variant,
    basename(artifact.path),
    String(artifact.bytes),
    String(artifact.zipBytes),
    artifact.rebuilt
      ? artifact.form === 'wasm'
        ? artifact.preinitMs === undefined
          ? `compiled ${Math.round(artifact.millis)} ms`
          : `compiled ${Math.round(artifact.millis)} ms (wizer ${Math.round(artifact.preinitMs)} ms)`
        : 'zipped'
      : 'up to date',
  ]);
  const numeric = new Set([4, 5]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rebuilt = report.artifacts.filter((artifact) => artifact.rebuilt).length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${report.artifacts.length} artifacts in ${relative(cwd, report.buildDir) || report.buildDir} (${rebuilt} rebuilt) in ${(report.millis / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
}
