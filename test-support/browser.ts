// Opens a report in headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is downloaded)
// and reports what a reader would see: console errors, network requests, drawn charts, tables; plus a screenshot.
// Used by the end-to-end test and by hand: `node -e "import('../reports/dist/reports/browser.js').then(m => m.inspectReport('results/report.html', 'shot.png')).then(console.log)"`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath } from './optional-dependency.js';

export interface ReportInspection {
  consoleErrors: string[];
  /** Every request other than the report file itself (must stay empty). */
  requests: string[];
  /** Per figure: its chart id, the number of data-mark elements in its SVG (axes and legends not counted), legend
   *  entries, and the axis titles (a faceted chart's column title counts as its x-axis title). */
  charts: Array<{ id: string; dataMarks: number; legendEntries: number; axisTitles: string[] }>;
  tables: Array<{ id: string; rows: number }>;
  banners: string[];
  title: string;
}

export async function inspectReport(
  htmlFile: string,
  screenshotFile?: string,
  fullPage = false,
): Promise<ReportInspection> {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ow-eval-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 900 },
    deviceScaleFactor: 1,
    offline: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const url = pathToFileURL(path.resolve(htmlFile)).href;
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const found = await page.evaluate<Omit<ReportInspection, 'consoleErrors' | 'requests'>>(readPage);
    if (screenshotFile) {
      // The first figure is the headline: a screenshot of the top of the page shows it with its caption.
      await page.screenshot({ path: screenshotFile, fullPage });
    }
    return { consoleErrors, requests, ...found };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// Runs in the page. A string, because this package compiles without the DOM typings.
const readPage = `(() => ({
  title: document.title,
  charts: [...document.querySelectorAll('figure.chart')].map((figure) => ({
    id: figure.getAttribute('data-chart') ?? '',
    // Vega gives the user's marks the role "mark"; axes, legends and titles have other roles.
    dataMarks: figure.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > rect').length,
    legendEntries: figure.querySelectorAll('svg g.role-legend-symbol > path').length,
    axisTitles: [...figure.querySelectorAll('svg g.role-axis-title text, svg g.role-title-text text')].map((t) => t.textContent ?? ''),
  })),
  tables: [...document.querySelectorAll('table.data')].map((t) => ({ id: t.getAttribute('data-table') ?? '', rows: t.querySelectorAll('tbody tr').length })),
  banners: [...document.querySelectorAll('section .banner')].map((b) => b.textContent ?? ''),
}))()`;
