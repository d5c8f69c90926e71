// The claims table in the terminal and as Markdown: one row per thesis claim, the thesis's value, ours with its CI,
// and the verdict. Pure formatting.
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
  return ci ? `${show(value)} [${show(ci[0])}, ${show(ci[1])}]` : show(value);
}

export function formatClaimsTable(rows: readonly ClaimRow[]): string {
  // The id comes first: it is what --require names, and it says which variant a row is when the text is clipped.
  const table = [
    ['id', 'claim', 'thesis', 'ours [95% CI]', 'verdict'],
    ...rows.map((r) => [r.id, r.claim, r.thesis, formatOurs(r), r.verdict]),
  ];
  const widths = table[0]!.map((_, c) => Math.min(70, Math.max(...table.map((r) => r[c]!.length))));
  const clip = (text: string, width: number): string =>
    text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
  return (
    table
      .map((r) =>
        r
          .map((cell, c) => clip(cell, widths[c]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function formatClaimsMarkdown(rows: readonly ClaimRow[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  return (
    [
      '| id | claim | thesis | ours [95 % CI] | verdict | how | setup differences |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| \`${r.id}\` | ${escape(r.claim)} | ${escape(r.thesis)} | ${formatOurs(r)} | **${r.verdict}** | ${escape(r.how)} | ${escape(r.setup)} |`,
      ),
    ].join('\n') + '\n'
  );
}
