// A reproduce folder (`<ts>-reproduce/claims.json`, written by `ow-eval reproduce`) as a report section: the claims
// table first, then the runs it was computed from.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClaimRow } from '../model/claims/claims.js';
import { claimCells, claimsColumns } from '../model/claims/claims-table.js';
import type { ReportSection } from './document.js';

export interface ReproduceFolder {
  section: ReportSection;
  runDirs: string[];
}

interface ClaimsFile {
  quick: boolean;
  status: string;
  runs: Array<{ key: string; dir: string; status: string }>;
  claims: ClaimRow[];
}

export function isReproduceFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'claims.json'));
}

export function loadReproduceFolder(dir: string): ReproduceFolder {
  const file = JSON.parse(readFileSync(path.join(dir, 'claims.json'), 'utf8')) as ClaimsFile;
  const held = file.claims.filter((c) => c.verdict === 'holds').length;
  return {
    runDirs: file.runs.filter((r) => r.status !== 'failed' && existsSync(r.dir)).map((r) => r.dir),
    section: {
      name: path.basename(dir),
      scenario: 'thesis claims',
      banners: [
        ...(file.quick
          ? [
              {
                level: 'warning' as const,
                text: 'quick reproduction (--quick): few samples per cell; verdicts with wide CIs come out inconclusive, and a cell below the minimum n says "n too small"',
              },
            ]
          : []),
        ...(file.status !== 'finished'
          ? [
              {
                level: 'warning' as const,
                text: `the reproduction ${file.status}: claims are computed from the runs that finished`,
              },
            ]
          : []),
        {
          level: 'info',
          text: `${held} of ${file.claims.length} claims hold here. A claim that does not hold is a finding about this setup, not a failure of the tool.`,
        },
      ],
      figures: [],
      tables: [
        {
          id: 'claims',
          title: "The thesis's claims, checked against these runs",
          columns: [...claimsColumns],
          numeric: claimsColumns.map((c) => c === 'ours [95 % CI]'),
          rows: file.claims.map(claimCells),
        },
      ],
    },
  };
}
