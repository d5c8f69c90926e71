// `ow-eval report`: picks the runs, renders their figures and tables, writes report.html and/or report.md and
// returns the paths it wrote (the command prints them).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../model/usage-error.js';
import { chartsFor } from './charts.js';
import { toHtml, toMarkdown, type ReportModel, type ReportSection } from './document.js';
import { renderSvg } from './render-svg.js';
import { latestRunsWithSamples, loadRun, type LoadedRun } from './run-data.js';
import { bannersFor, tablesFor, variantOf } from './tables.js';
import { coldStartHeadline } from '../model/claims/headline.js';
import { isReproduceFolder, loadReproduceFolder } from './claims-section.js';

export interface ReportFlags {
  html?: boolean;
  md?: boolean;
  out?: string;
  /** Folder searched for the latest run of each scenario when no run folder is given. @default 'results' */
  results?: string;
}

/** `warnings` receives what vega-lite/vega said about a chart (the CLI prints them on stderr). */
export async function buildReportModel(
  runs: readonly LoadedRun[],
  tool = 'ow-eval',
  now = new Date(),
  warnings: string[] = [],
  leading: ReportSection[] = [],
): Promise<ReportModel> {
  const sections: ReportSection[] = [...leading];
  for (const run of runs) {
    const variant = variantOf(run);
    const figures = [];
    for (const chart of chartsFor(run)) {
      const rendered = await renderSvg(chart.spec);
      warnings.push(...rendered.warnings.map((w) => `${run.name} ${chart.id}: ${w}`));
      // The variant in every figure title: a reproduction has several coldstart runs whose figures would read alike.
      const title = variant ? `${chart.title} · ${variant}` : chart.title;
      figures.push({ id: chart.id, title, caption: chart.caption, notes: chart.notes, svg: rendered.svg });
    }
    sections.push({
      name: run.name,
      scenario: run.manifest.scenario,
      ...(variant ? { variant } : {}),
      banners: bannersFor(run),
      figures,
      tables: tablesFor(run),
    });
  }
  // The headline comes from the coldstart run without the code cache (the thesis's setting) when there is one.
  const coldstarts = runs.filter((r) => r.manifest.scenario === 'coldstart');
  const main = coldstarts.find((r) => r.manifest.config?.codeCache === false) ?? coldstarts[0];
  const headline = main
    ? coldStartHeadline({ dir: main.name, records: main.records, notes: main.notes, manifest: { ...main.manifest } })
    : undefined;
  return {
    generatedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    tool,
    sections,
    ...(headline
      ? {
          headline: {
            text: headline.text,
            from: headline.from,
            ...(headline.stemCells
              ? { stemCells: { text: headline.stemCells.text, from: headline.stemCells.from } }
              : {}),
            // What the run's own caution banners say, word for word.
            cautions: bannersFor(main!)
              .filter((b) => b.level === 'warning')
              .map((b) => b.text),
          },
        }
      : {}),
  };
}

/**
 * Writes the report files and returns their paths, HTML first. `notices` receives which runs were picked when none
 * was named, and the newer ones passed over because they recorded no samples (the CLI prints them on stderr).
 */
export async function writeReport(
  runDirs: readonly string[],
  flags: ReportFlags,
  tool = 'ow-eval',
  warnings: string[] = [],
  notices: string[] = [],
): Promise<string[]> {
  let given = [...runDirs];
  if (given.length === 0) {
    const latest = latestRunsWithSamples(flags.results ?? 'results');
    given = latest.dirs;
    notices.push(
      `reporting the latest run with samples of each scenario: ${given.map((d) => path.basename(d)).join(', ')}`,
    );
    for (const s of latest.skipped) notices.push(`passed over ${s.name}: ${s.why}`);
  }
  // A reproduce folder brings its claims table and stands for the runs it lists.
  const leading: ReportSection[] = [];
  const dirs = given.flatMap((dir) => {
    if (!isReproduceFolder(dir)) return [dir];
    const reproduce = loadReproduceFolder(dir);
    leading.push(reproduce.section);
    return reproduce.runDirs;
  });
  const runs = dirs.map(loadRun);
  const wantHtml = flags.html || !flags.md;
  const wantMd = Boolean(flags.md);
  const base = flags.out
    ? path.resolve(flags.out)
    : path.join(given.length === 1 ? path.resolve(given[0]!) : path.resolve(flags.results ?? 'results'), 'report.html');
  const ext = path.extname(base).toLowerCase();
  if (flags.out && wantHtml && wantMd && ext === '.md')
    throw new UsageError(
      'ERR_REPORT_OUT',
      '--out names the HTML file when both --html and --md are given; the Markdown goes next to it',
    );
  const stem = ext === '.html' || ext === '.htm' || ext === '.md' ? base.slice(0, -ext.length) : base;
  const model = await buildReportModel(runs, tool, new Date(), warnings, leading);
  const written: string[] = [];
  if (wantHtml) {
    const file = flags.out && !wantMd ? base : `${stem}.html`;
    writeFileSync(file, toHtml(model));
    written.push(file);
  }
  if (wantMd) {
    const file = flags.out && !wantHtml ? base : `${stem}.md`;
    writeFileSync(file, toMarkdown(model));
    written.push(file);
  }
  return written;
}
