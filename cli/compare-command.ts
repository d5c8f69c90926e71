// `ow-eval compare [RUN_A RUN_B]`: the flags; the statistics are loaded only when the command runs.
import { type Command, InvalidArgumentError } from 'commander';
import { summaryMetrics, type SummaryMetric } from '../model/results/records.js';
import { UsageError } from '../model/usage-error.js';
import { appendSummary, summaryFile, summaryOptionHelp, type SummaryOption } from './cli-support.js';

interface CompareFlags {
  failOnRegression?: number;
  summary?: SummaryOption;
  threshold?: number;
  metric: string[];
  seed: number;
  results: string;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'compare two runs of one scenario: relative change of each median with a bootstrap CI, and a verdict ' +
        'where both sides have enough samples and the whole CI lies beyond the threshold',
    )
    .argument('[run-a]', 'the reference run folder (default: the previous run with samples of the same scenario)')
    .argument('[run-b]', 'the run folder compared against it (default: the latest run with samples under --results)')
    .option(
      '--fail-on-regression <pct>',
      'exit 1 when a metric got slower by more than PCT % with its whole 95 % CI (also sets --threshold)',
      parsePercent,
    )
    .option('--threshold <pct>', 'the change a verdict must exceed with its whole CI (default: 10)', parsePercent)
    .option(
      '--metric <name>',
      `compare only this metric (repeatable): ${summaryMetrics.join(', ')}`,
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--seed <n>', 'seed of the bootstrap resampling', parseSeed, 1)
    .option('--results <dir>', 'folder searched for the latest runs when none is named', 'results')
    .option('--summary [file]', summaryOptionHelp)
    .action(async (runA: string | undefined, runB: string | undefined, flags: CompareFlags) => {
      const summary = summaryFile(flags.summary);
      const unknown = flags.metric.filter((m) => !(summaryMetrics as readonly string[]).includes(m));
      if (unknown.length > 0)
        throw new UsageError(
          'ERR_UNKNOWN_METRIC',
          `unknown metric ${unknown.join(', ')}; expected one of ${summaryMetrics.join(', ')}`,
        );
      if (runA !== undefined && runB === undefined)
        throw new UsageError(
          'ERR_COMPARE_ONE_RUN',
          'compare takes two run folders (A, the reference, then B), or none for the last two runs with samples',
        );
      const { lastTwoRunsWithSamples, loadRun } = await import('../reports/run-data.js');
      const { compareRuns, defaultThreshold, formatComparison, regressions } = await import('../reports/compare.js');
      let dirs: [string, string];
      if (runA !== undefined && runB !== undefined) dirs = [runA, runB];
      else {
        const picked = lastTwoRunsWithSamples(flags.results);
        for (const s of picked.skipped) process.stderr.write(`ow-eval: passed over ${s.name}: ${s.why}\n`);
        dirs = [picked.a, picked.b];
      }
      const a = loadRun(dirs[0]);
      const b = loadRun(dirs[1]);
      const percent = flags.threshold ?? flags.failOnRegression;
      const threshold = percent === undefined ? defaultThreshold : percent / 100;
      const rows = compareRuns(a, b, {
        seed: flags.seed,
        threshold,
        ...(flags.metric.length > 0 ? { metrics: flags.metric as SummaryMetric[] } : {}),
      });
      process.stdout.write(formatComparison(rows, a, b, threshold));
      if (summary !== undefined) {
        const { compareSummary } = await import('../reports/job-summary.js');
        const gate = flags.failOnRegression === undefined ? {} : { failOnRegression: flags.failOnRegression };
        appendSummary(summary, compareSummary({ rows, a: a.name, b: b.name, ...gate }));
      }
      if (flags.failOnRegression !== undefined) {
        const slower = regressions(rows, flags.failOnRegression);
        if (slower.length > 0) {
          throw new Error(
            `${slower.length} metric${slower.length === 1 ? '' : 's'} got slower by more than ${flags.failOnRegression} % with the whole 95 % CI: ` +
              slower
                .map(
                  (r) =>
                    `${r.metric} ${r.action} level ${r.level} ${r.series} +${(r.change * 100).toFixed(1)} % [+${(r.ciLow! * 100).toFixed(1)} %, +${(r.ciHigh! * 100).toFixed(1)} %]`,
                )
                .join('; '),
          );
        }
        console.log(
          `no metric got slower by more than ${flags.failOnRegression} % with its whole 95 % CI` +
            `${rows.some((r) => r.verdict === 'n too small') ? ' (rows with n too small cannot fail the gate; they are listed above)' : ''}`,
        );
      }
    });
}

function parsePercent(value: string): number {
  const pct = Number(value);
  if (!Number.isFinite(pct) || pct < 0) throw new InvalidArgumentError('expected a non-negative percentage, e.g. 10');
  return pct;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return seed;
}
