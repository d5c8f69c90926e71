// `npm run bench [-- <area> …] [-- --load-seconds N]`: runs the named benchmark areas (all when none is named), one
// after the other, so that no two areas compete for the 2 cores; then prints the ratios to the floor they measured.
// Each area runs in a Node.js process of its own (this file with `--report <file>`), so that no area measures in a
// process that earlier areas left behind: run after the other areas in one process, the harness reached 75-84 % of
// autocannon at 64 clients in three whole-suite runs, and 91 % in a process of its own (2026-12-07).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { writeFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportMeasured, formatRatioTable, importMeasured, type MeasuredRatios } from './ratios.js';

const areas = ['warm', 'executor', 'baseline', 'platform', 'harness-load'] as const;
type Area = (typeof areas)[number];

/** Settings the areas read; every one of them is printed with the numbers it shapes. */
export interface BenchOptions {
  /** How long the platform's 32-client closed loop runs (the tail-latency ratio); 10 s by default, 60 s in the goal. */
  loadSeconds: number;
}

const parse = () =>
  parseArgs({
    allowPositionals: true,
    // --report: internal, the file a child process writes its area's ratios to.
    options: { 'load-seconds': { type: 'string', default: '10' }, report: { type: 'string' } },
  });
function parseCommandLine(): ReturnType<typeof parse> {
  try {
    return parse();
  } catch (error) {
    // parseArgs throws for an unknown option; say it in one line, as for an unknown area.
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
const { values, positionals } = parseCommandLine();
const loadSeconds = Number(values['load-seconds']);
if (!Number.isFinite(loadSeconds) || loadSeconds <= 0) {
  process.stderr.write(`bench: --load-seconds needs a positive number of seconds, got '${values['load-seconds']}'\n`);
  process.exit(2);
}
const unknown = positionals.filter((a) => !(areas as readonly string[]).includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown area ${unknown.map((u) => `'${u}'`).join(', ')}; known: ${areas.join(', ')}\n`);
  process.exit(2);
}

if (values.report !== undefined) await runOneArea(values.report);
else await runAreas();

/** A child: one area, its ratios to `report`; the parent prints them with the others'. */
async function runOneArea(report: string): Promise<void> {
  const [area] = positionals as Area[];
  const module = (await import(`./${area}.js`)) as { runBenchmark: (options: BenchOptions) => Promise<void> };
  try {
    await module.runBenchmark({ loadSeconds });
  } finally {
    writeFileSync(report, JSON.stringify(exportMeasured()));
  }
}

/** Each area in a process of its own, one after the other; then the ratio table and its JSON. */
async function runAreas(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  const failed: Area[] = [];
  const reports = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-bench-'));
  for (const area of (positionals.length > 0 ? positionals : areas) as Area[]) {
    // One failing area (Docker busy on a shared machine, say) leaves the others' numbers standing; the exit code says so.
    const report = path.join(reports, `${area}.json`);
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), area, '--load-seconds', String(loadSeconds), '--report', report],
      { stdio: 'inherit' },
    );
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    try {
      importMeasured(JSON.parse(readFileSync(report, 'utf8')) as MeasuredRatios);
    } catch {
      // no report: the area's process died before it could write one (its output says why)
    }
    if (code !== 0) {
      failed.push(area);
      process.stderr.write(`bench: area ${area} failed (exit ${code ?? signal})\n`);
    }
  }
  rmSync(reports, { recursive: true, force: true });
  // The machine is shared: the load average before and after says how much other work ran beside the bench.
  const loadAfter = os.loadavg();
  const ratios = formatRatioTable();
  const load = `load average (1 min) ${loadBefore[0]!.toFixed(2)} at the start, ${loadAfter[0]!.toFixed(2)} at the end`;
  process.stdout.write(`\n${ratios.text}${load}; started ${startedAt}\n`);
  const dir = new URL('../../bench/results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`ratios-${startedAt.replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt,
        loadBefore,
        loadAfter,
        loadSeconds,
        // false marks a run in which one floor measured twice disagreed by more than 10 % (bench/floor.ts); null: no
        // floor was measured twice (an area that measures it did not run), so nothing was checked.
        floorsAgree: ratios.checked ? ratios.disagreements.length === 0 : null,
        floors: ratios.floors,
        floorDisagreements: ratios.disagreements,
        ratios: ratios.rows,
      },
      null,
      2,
    ) + '\n',
  );
  process.stderr.write(`saved ${file.pathname}\n`);
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.join(', ')} failed (see above)\n`);
    process.exitCode = 1;
  }
}
