// `ow-eval report [RUN_DIR …]`: the flags; rendering (vega, vega-lite) is loaded only when the command runs.
import type { Command } from 'commander';
import type { ReportFlags } from '../reports/build-report.js';
import { readPackageVersion } from './package-info.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render runs as one self-contained HTML report (inline SVG charts) and/or Markdown tables')
    .argument(
      '[run-dirs...]',
      'run folders (default: the latest run of each scenario under --results that recorded samples)',
    )
    .option('--html', 'write the HTML report (written anyway when --md is not given)')
    .option('--md', 'write the tables as Markdown')
    .option('--out <file>', 'where to write (default: report.html in the run folder, or in --results for several runs)')
    .option('--results <dir>', 'folder searched for the latest runs', 'results')
    .action(async (runDirs: string[], flags: ReportFlags) => {
      const { writeReport } = await import('../reports/build-report.js');
      const warnings: string[] = [];
      const notices: string[] = [];
      const files = await writeReport(runDirs, flags, `ow-eval ${readPackageVersion()}`, warnings, notices);
      for (const notice of notices) process.stderr.write(`ow-eval: ${notice}\n`);
      for (const file of files) console.log(file);
      for (const warning of warnings) process.stderr.write(`ow-eval: chart warning: ${warning}\n`);
    });
}
