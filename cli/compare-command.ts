// `ow-eval compare RUN_A RUN_B`: the flags; the statistics are loaded only when the command runs.
import { type Command, InvalidArgumentError } from 'commander';
import { summaryMetrics, type SummaryMetric } from '../model/results/records.js';
import { UsageError } from '../model/usage-error.js';
import { appendSummary, summaryFile, summaryOptionHelp, type SummaryOption } from './cli-support.js';

interface CompareFlags {
  failOnRegression?: number;
  summary?: SummaryOption;
  metric: string[];
  seed: number;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two runs of one scenario: relative change of each median with a bootstrap CI, and a verdict')
    .argument('<run-a>', 'the reference run folder')
    .argument('<run-b>', 'the run folder compared against it')
    .option(
      '--fail-on-regression <pct>',
      'exit 1 when a metric got significantly slower by more than PCT %',
      parsePercent,
    )
    .option(
      '--metric <name>',
      `compare only this metric (repeatable): ${summaryMetrics.join(', ')}`,
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--seed <n>', 'seed of the bootstrap resampling', parseSeed, 1)
    .option('--summary [file]', summaryOptionHelp)
    .action(async (runA: string, runB: string, flags: CompareFlags) => {
      const summary = summaryFile(flags.summary);
      const unknown = flags.metric.filter((m) => !(summaryMetrics as readonly string[]).includes(m));
      if (unknown.length > 0)
        throw new UsageError(
          'ERR_UNKNOWN_METRIC',
          `unknown metric ${unknown.join(', ')}; expected one of ${summaryMetrics.join(', ')}`,
        );
      const { loadRun } = await import('../reports/run-data.js');
      const { compareRuns, formatComparison, regressions } = await import('../reports/compare.js');
      const a = loadRun(runA);
      const b = loadRun(runB);
      const rows = compareRuns(a, b, {
        seed: flags.seed,
        ...(flags.metric.length > 0 ? { metrics: flags.metric as SummaryMetric[] } : {}),
      });
      process.stdout.write(formatComparison(rows, a, b));
      if (summary !== undefined) {
        const { compareSummary } = await import('../reports/job-summary.js');
        const gate = flags.failOnRegression === undefined ? {} : { failOnRegression: flags.failOnRegression };
        appendSummary(summary, compareSummary({ rows, a: a.name, b: b.name, ...gate }));
      }
      if (flags.failOnRegression !== undefined) {
        const slower = regressions(rows, flags.failOnRegression);
        if (slower.length > 0) {
          throw new Error(
            `${slower.length} metric${slower.length === 1 ? '' : 's'} got slower by more than ${flags.failOnRegression} %: ` +
              slower
                .map((r) => `${r.metric} ${r.action} level ${r.level} ${r.series} +${(r.change * 100).toFixed(1)} %`)
                .join('; '),
          );
        }
        console.log(`no metric got significantly slower by more than ${flags.failOnRegression} %`);
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
