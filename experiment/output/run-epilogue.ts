// What the terminal says after a run, before and after the summary table: the headline first (for a coldstart run:
// the reduction with its CI beside the thesis's 94 %), what makes the numbers not comparable when the manifest says
// so, and the next step. Pure: returns strings.
import { coldStartHeadline } from '../../model/claims/headline.js';
import type { RunData } from '../../model/claims/claims.js';

/** The lines printed above the summary table; empty for a scenario without a headline. */
export function formatHeadline(run: RunData, seed = 1): string {
  const headline = coldStartHeadline(run, seed);
  const caveats = caveatsOf(run);
  if (!headline) return caveats.map((c) => `CAUTION: ${c}\n`).join('');
  return [
    `HEADLINE: ${headline.text}`,
    `  from ${headline.from}`,
    ...(headline.stemCells ? [`  ${headline.stemCells.text}`, `    from ${headline.stemCells.from}`] : []),
    ...caveats.map((c) => `  CAUTION: ${c}`),
    '',
  ].join('\n');
}

/** The last lines: where the results are and what to do with them. */
export function formatNextStep(dir: string): string {
  return `next: ow-eval report --html ${dir}   (figures, every table and the setup differences, in one file)\n`;
}

function caveatsOf(run: RunData): string[] {
  const manifest = run.manifest as {
    status?: string;
    comparability?: { comparable?: boolean; reasons?: string[] };
  };
  const caveats: string[] = [];
  if (manifest.status === 'interrupted' || manifest.status === 'failed')
    caveats.push(`the run ${manifest.status}: every number is from the samples it recorded`);
  if (manifest.comparability?.comparable === false)
    caveats.push(`not comparable: ${(manifest.comparability.reasons ?? []).join('; ') || 'no reason recorded'}`);
  return caveats;
}
