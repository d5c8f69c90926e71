// The Markdown a CI job shows as its summary (GitHub Actions' $GITHUB_STEP_SUMMARY, or any file): `reproduce`'s claims
// table with each claim's rule and verdict, and `compare`'s comparison with the gate's decision. ow-eval writes it
// itself, so a workflow stays a few lines and a renamed field cannot silently empty the summary. Pure formatting.
import { formatClaimsMarkdown } from '../model/claims/claims-table.js';
import type { ClaimRow } from '../model/claims/claims.js';
import { regressions, type ComparisonRow } from './compare.js';
import { num } from './tables.js';

export interface ReproduceSummaryInput {
  quick: boolean;
  claims: readonly ClaimRow[];
  runs: ReadonlyArray<{ key: string; scenario: string; dir: string; status: string }>;
  /** Claim ids given with --require, and those of them that do not hold. */
  required: readonly string[];
  unmet: readonly string[];
  /** A run failed or was interrupted. */
  failed: boolean;
  /** Where the claims and the HTML report were written. */
  claimsDir: string;
  report?: string;
}

export function reproduceSummary(input: ReproduceSummaryInput): string {
  const passed = !input.failed && input.unmet.length === 0;
  const holds = input.claims.filter((c) => c.verdict === 'holds').length;
  const lines = [
    `## ow-eval reproduce${input.quick ? ' (quick)' : ''}: ${passed ? 'passed' : 'FAILED'}`,
    '',
    `${holds} of ${input.claims.length} claims hold.` +
      (input.required.length === 0
        ? ''
        : input.unmet.length === 0
          ? ` Required, and holding: ${input.required.map((id) => `\`${id}\``).join(', ')}.`
          : ` **Required but not holding: ${input.unmet.map((id) => `\`${id}\``).join(', ')}.**`),
    ...(input.failed ? ['', '**A run failed or was interrupted**: its claims are not computed.'] : []),
    '',
    formatClaimsMarkdown(input.claims).trimEnd(),
    '',
    '| run | scenario | status | folder |',
    '|---|---|---|---|',
    ...input.runs.map((r) => `| ${r.key} | ${r.scenario} | ${r.status} | \`${r.dir}\` |`),
    '',
    `Claims: \`${input.claimsDir}/claims.json\`${input.report ? ` · report: \`${input.report}\`` : ''}`,
  ];
  return lines.join('\n') + '\n';
}

export interface CompareSummaryInput {
  rows: readonly ComparisonRow[];
  a: string;
  b: string;
  /** --fail-on-regression's percentage, when the comparison is a gate. */
  failOnRegression?: number;
}

export function compareSummary(input: CompareSummaryInput): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} %` : 'n/a');
  const ci = (r: ComparisonRow): string =>
    r.ciLow === undefined || r.ciHigh === undefined ? '(no CI: n too small)' : `[${pct(r.ciLow)}, ${pct(r.ciHigh)}]`;
  const slower = input.failOnRegression === undefined ? [] : regressions(input.rows, input.failOnRegression);
  const decision =
    input.failOnRegression === undefined
      ? ''
      : slower.length === 0
        ? `: passed (no metric significantly slower by more than ${input.failOnRegression} %)`
        : `: FAILED (${slower.length} metric${slower.length === 1 ? '' : 's'} significantly slower by more than ` +
          `${input.failOnRegression} %)`;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return (
    [
      `## ow-eval compare${decision}`,
      '',
      `A (reference): \`${input.a}\` · B: \`${input.b}\``,
      '',
      ...(input.rows.length === 0
        ? ['No metric was measured in both runs (same runtime, action and level).']
        : [
            '| metric | action | level | runtime | n A/B | median A (ms) | median B (ms) | change [95 % CI] | verdict |',
            '|---|---|---|---|---|---|---|---|---|',
            ...input.rows.map((r) => {
              const flagged = slower.includes(r);
              return (
                `| ${r.metric} | ${escape(r.action)} | ${r.level} | ${escape(r.series)} | ${r.nA}/${r.nB} | ` +
                `${num(r.medianA)} | ${num(r.medianB)} | ${pct(r.change)} ${ci(r)} | ` +
                `${flagged ? `**${r.verdict}**` : r.verdict} |`
              );
            }),
          ]),
    ].join('\n') + '\n'
  );
}
