// Renders a report (runs → figures + tables + banners) to one self-contained HTML file or to Markdown.
// The HTML carries inline CSS and inline SVG only, and a Content-Security-Policy that forbids every fetch.
import type { Banner, Table } from './tables.js';
import { thesisCitation } from '../thesis/numbers.js';

export interface RenderedFigure {
  id: string;
  title: string;
  caption: string;
  notes: string[];
  svg: string;
}

export interface ReportSection {
  /** The run folder's name. */
  name: string;
  scenario: string;
  /** Which variant the run is (code cache on/off, engines, baseline), so sections of one scenario differ by title. */
  variant?: string;
  banners: Banner[];
  figures: RenderedFigure[];
  tables: Table[];
}

export interface ReportModel {
  generatedAt: string;
  tool: string;
  sections: ReportSection[];
  /** The cold-start reduction, first thing on the page (model/claims/headline.ts). */
  headline?: {
    text: string;
    from: string;
    cautions: string[];
    /** With the OpenWhisk-default baseline: the reduction against its stem cells, and how. */
    stemCells?: { text: string; from: string };
  };
}

export function toHtml(report: ReportModel): string {
  let figureNo = 0;
  const sections = report.sections
    .map((s) => {
      const figures = s.figures
        .map((f) => {
          figureNo++;
          return `<figure class="chart" id="fig-${attr(s.name)}-${attr(f.id)}" data-chart="${attr(f.id)}">
<h3>Figure ${figureNo}. ${esc(f.title)}</h3>
<div class="svg">${f.svg}</div>
<figcaption><p>${esc(f.caption)}</p>${f.notes.length ? `<ul class="notes">${f.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}</figcaption>
</figure>`;
        })
        .join('\n');
      return `<section class="run" id="run-${attr(s.name)}" data-scenario="${attr(s.scenario)}">
<h2>${esc(s.scenario)}${s.variant ? ` · ${esc(s.variant)}` : ''} <span class="run-name">${esc(s.name)}</span></h2>
${s.banners.map((b) => `<div class="banner ${b.level}" role="note"><strong>${b.level === 'warning' ? 'Caution' : 'Note'}:</strong> ${esc(b.text)}</div>`).join('\n')}
${figures}
${s.tables.map(tableHtml).join('\n')}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${attr(report.tool)}">
<title>ow-eval report: ${esc(report.sections.map((s) => s.scenario).join(', '))}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>ow-eval report</h1>
<p>Generated ${esc(report.generatedAt)} by ${esc(report.tool)} from ${report.sections.length} run${report.sections.length === 1 ? '' : 's'}: ${report.sections.map((s) => `<a href="#run-${attr(s.name)}">${esc(s.scenario)}</a>`).join(', ')}.
WebAssembly actions on the built-in V8 executor vs a Node.js action runtime; thesis reference: ${esc(thesisCitation)}.</p>
${report.headline ? headlineHtml(report.headline) : ''}
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}

export function toMarkdown(report: ReportModel): string {
  const out: string[] = [
    '# ow-eval report',
    '',
    `Generated ${report.generatedAt} by ${report.tool}. Figures are in the HTML report (\`ow-eval report --html\`).`,
    '',
    ...(report.headline
      ? [
          `**Headline: ${mdCell(report.headline.text)}**`,
          '',
          `_From ${mdCell(report.headline.from)}._`,
          '',
          ...(report.headline.stemCells
            ? [
                `**Also: ${mdCell(report.headline.stemCells.text)}**`,
                '',
                `_From ${mdCell(report.headline.stemCells.from)}._`,
                '',
              ]
            : []),
          ...report.headline.cautions.flatMap((c) => [`> **Caution:** ${mdCell(c)}`, '']),
        ]
      : []),
  ];
  for (const s of report.sections) {
    out.push(`## ${s.scenario}${s.variant ? ` · ${s.variant}` : ''} (\`${s.name}\`)`, '');
    for (const b of s.banners) out.push(`> **${b.level === 'warning' ? 'Caution' : 'Note'}:** ${mdCell(b.text)}`, '');
    for (const t of s.tables) {
      out.push(`### ${t.title}`, '');
      if (t.rows.length === 0) {
        out.push(`_${t.empty ?? 'empty'}_`, '');
        continue;
      }
      out.push(`| ${t.columns.map(mdCell).join(' | ')} |`, `|${t.numeric.map((n) => (n ? '---:' : '---')).join('|')}|`);
      for (const row of t.rows) out.push(`| ${row.map(mdCell).join(' | ')} |`);
      out.push('');
      if (t.note) out.push(`_${mdCell(t.note)}_`, '');
    }
  }
  return out.join('\n');
}

function headlineHtml(h: NonNullable<ReportModel['headline']>): string {
  const stem = h.stemCells
    ? `<p id="headline-stem-cells"><strong>Also: ${esc(h.stemCells.text)}</strong></p><p class="from">From ${esc(h.stemCells.from)}.</p>`
    : '';
  return `<div class="headline" id="headline"><p><strong>${esc(h.text)}</strong></p><p class="from">From ${esc(h.from)}.</p>${stem}
${h.cautions.map((c) => `<div class="banner warning" role="note"><strong>Caution:</strong> ${esc(c)}</div>`).join('\n')}</div>`;
}

function tableHtml(t: Table): string {
  const head = t.columns.some((c) => c !== '')
    ? `<thead><tr>${t.columns.map((c, i) => `<th${t.numeric[i] ? ' class="num"' : ''}>${esc(c)}</th>`).join('')}</tr></thead>`
    : '';
  const body =
    t.rows.length === 0
      ? `<tbody><tr><td class="empty" colspan="${t.columns.length}">${esc(t.empty ?? 'empty')}</td></tr></tbody>`
      : `<tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => `<td${t.numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`;
  const note = t.note ? `<p class="table-note">${esc(t.note)}</p>` : '';
  return `<div class="table-wrap"><table class="data" data-table="${attr(t.id)}"><caption>${esc(t.title)}</caption>${head}${body}</table>${note}</div>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(text: string): string {
  return esc(text).replace(/"/g, '&quot;');
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const css = `
:root { color-scheme: light; }
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
header p { color: #444; margin: 0 0 16px; }
h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 40px; }
.run-name { font-weight: normal; color: #666; font-size: 14px; margin-left: 8px; font-family: Menlo, Consolas, monospace; }
h3 { font-size: 15px; margin: 0 0 8px; }
figure.chart { margin: 24px 0 32px; break-inside: avoid; }
figure .svg svg { max-width: 100%; height: auto; }
figcaption { color: #333; font-size: 13px; max-width: 820px; }
figcaption p { margin: 6px 0 4px; }
ul.notes { margin: 4px 0 0; padding-left: 18px; color: #555; font-size: 12.5px; }
.headline { border: 2px solid #3b73b9; padding: 4px 14px; margin: 8px 0 16px; font-size: 1.1em; }
.headline .from { font-size: 0.85em; color: #444; }
.table-note { font-size: 0.85em; color: #444; margin: 4px 0 12px; }
.banner { border-left: 4px solid #c77c02; background: #fff6e5; padding: 8px 12px; margin: 12px 0; }
.banner.info { border-color: #3b73b9; background: #eef4fb; }
.table-wrap { overflow-x: auto; margin: 16px 0 24px; }
table.data { border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; font-weight: bold; padding: 4px 0 6px; font-size: 13.5px; }
table.data th, table.data td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
table.data th { border-bottom: 1.5px solid #555; font-weight: 600; white-space: nowrap; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.data td.empty { color: #666; font-style: italic; }
a { color: #1f4e9c; }
@media print { body { max-width: none; padding: 0; } h2 { break-before: page; } .table-wrap { overflow: visible; } }
`;
