// The claims table in the terminal and as Markdown (and, through `claimsColumns`/`claimCells`, in the HTML report):
// one row per thesis claim, the thesis's value, ours with its CI, the decision rule and the verdict. Pure formatting.
// Every renderer takes its cells from `claimCells`, so no format can drop the rule a verdict was reached by.
import type { ClaimRow } from './claims.js';

export function formatOurs(row: ClaimRow): string {
  if (!row.ours) return '—';
  const { value, ci, unit } = row.ours;
  const show = (x: number): string =>
    unit === 'reduction' || unit.startsWith('share')
      ? `${(x * 100).toFixed(1)} %`
      : unit === 'ms'
        ? `${x.toFixed(2)} ms`
        : unit === 'slope ratio'
          ? `${x.toFixed(3)} of the baseline's slope`
          : `${x.toFixed(2)}×`;
  return ci ? `${show(value)} [${show(ci[0])}, ${show(ci[1])}]` : `${show(value)} (no CI)`;
}

/** The threshold as the thesis states it: 94 %, 2.2×, 50 ms. */
function showThreshold(threshold: ClaimRow['threshold']): string {
  const { value, unit } = threshold;
  if (unit === 'reduction' || unit.startsWith('share')) return `${+(value * 100).toFixed(1)} %`;
  if (unit === 'ms') return `${value} ms`;
  return `${value}×`;
}

/**
 * How the verdict is decided, in words: which bound of the 95 % CI is compared with which number. A claim with its
 * own rule (the slope comparison, a setting the thesis has no number for) carries it in `rule`.
 */
export function decisionRule(row: ClaimRow): string {
  if (row.rule) return row.rule;
  const t = showThreshold(row.threshold);
  const what = row.threshold.unit === 'reduction' ? 'reduction' : row.threshold.unit.startsWith('share') ? 'share' : '';
  return row.threshold.atLeast
    ? `holds when the 95 % CI${what ? ` of the ${what}` : ''} lies wholly at or above ${t}; does not hold when wholly below`
    : `holds when the 95 % CI${what ? ` of the ${what}` : ''} lies wholly at or below ${t}; does not hold when wholly above`;
}

/** The columns every claims table has, in order (the terminal prints the same fields as labelled lines). */
export const claimsColumns = [
  'id',
  'claim',
  'thesis',
  'ours [95 % CI]',
  'decision rule',
  'verdict',
  'how',
  'setup differences',
] as const;

/** One row's cells, in `claimsColumns` order, as plain text: the one source for Markdown, HTML and the terminal. */
export function claimCells(row: ClaimRow): string[] {
  return [row.id, row.claim, row.thesis, formatOurs(row), decisionRule(row), row.verdict, row.how, row.setup];
}

/**
 * The terminal form: one block per claim with every field in full (a table would have to cut the claim text), the
 * verdict on the first line so the eye can run down them.
 */
export function formatClaimsTable(rows: readonly ClaimRow[]): string {
  const width = Math.max(...rows.map((r) => r.id.length));
  const blocks = rows.map((r) => {
    const [, claim, thesis, ours, rule, verdict] = claimCells(r);
    return [
      `${r.id.padEnd(width)}  ${verdict!.toUpperCase()}`,
      `  claim:  ${claim}`,
      `  thesis: ${thesis}`,
      `  ours:   ${ours}`,
      `  rule:   ${rule}`,
    ].join('\n');
  });
  return blocks.join('\n') + '\n';
}

export function formatClaimsMarkdown(rows: readonly ClaimRow[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const verdictColumn = claimsColumns.indexOf('verdict');
  return (
    [
      `| ${claimsColumns.join(' | ')} |`,
      `|${claimsColumns.map(() => '---').join('|')}|`,
      ...rows.map((r) => {
        const cells = claimCells(r).map(escape);
        cells[0] = `\`${cells[0]}\``;
        cells[verdictColumn] = `**${cells[verdictColumn]}**`;
        return `| ${cells.join(' | ')} |`;
      }),
    ].join('\n') + '\n'
  );
}
