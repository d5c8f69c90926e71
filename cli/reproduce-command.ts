// `ow-eval reproduce`: the thesis's experiment set and its claims table; the work loads only when the command runs.
import { type Command } from 'commander';
import { appendSummary, integerOption, summaryFile, summaryOptionHelp, type SummaryOption } from './cli-support.js';
import { withTargetOptions } from './target-options.js';
import type { TargetFlags } from '../experiment/runner/open-units.js';

export function registerReproduce(program: Command): void {
  const command = program
    .command('reproduce')
    .description("reproduce the thesis's experiments and print the claims table")
    .option('--quick', 'the short set (fits in CI: a few minutes on 2 cores)', false)
    .option('--dry-run', 'print each experiment with its estimate and the total, run nothing', false)
    .option('--out <dir>', 'folder that receives the run folders and the reproduce folder', 'results')
    .option('--seed <n>', 'fix every random choice', integerOption(0, Number.MAX_SAFE_INTEGER))
    .option(
      '--require <claim-id>',
      'exit 1 unless this claim holds (repeatable), e.g. coldstart-reduction',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--summary [file]', summaryOptionHelp);
  withTargetOptions(command).action(
    async (
      flags: TargetFlags & {
        quick: boolean;
        dryRun: boolean;
        out: string;
        seed?: number;
        require: string[];
        summary?: SummaryOption;
      },
    ) => {
      const summary = summaryFile(flags.summary);
      const { planReproduce, reproduce } = await import('../experiment/reproduce/run-reproduce.js');
      if (flags.dryRun) {
        process.stdout.write(await planReproduce(flags));
        return;
      }
      const outcome = await reproduce(flags);
      // The report is wired here, not in reproduce/: reports sit above the data model reproduce writes, and only the
      // CLI joins the two (docs/layers.md).
      const { writeReport } = await import('../reports/build-report.js');
      const warnings: string[] = [];
      const [report] = await writeReport([outcome.dir], { html: true }, 'ow-eval reproduce', warnings);
      for (const warning of warnings) process.stderr.write(`report: ${warning}\n`);
      process.stdout.write(`\nclaims: ${outcome.dir}/claims.json\nreport: ${report}\n`);
      const unmet = flags.require.filter((id) => outcome.claims.find((c) => c.id === id)?.verdict !== 'holds');
      if (unmet.length > 0) process.stderr.write(`required claims that do not hold: ${unmet.join(', ')}\n`);
      if (summary !== undefined) {
        const { reproduceSummary } = await import('../reports/job-summary.js');
        const markdown = reproduceSummary({
          quick: flags.quick,
          claims: outcome.claims,
          runs: outcome.runs,
          required: flags.require,
          unmet,
          failed: outcome.failed,
          claimsDir: outcome.dir,
          ...(report === undefined ? {} : { report }),
        });
        appendSummary(summary, markdown);
      }
      if (outcome.failed || unmet.length > 0) process.exitCode = 1;
    },
  );
}
