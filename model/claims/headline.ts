// The one number a reader looks for first: how much shorter wasm cold starts are than the baseline's, with its CI,
// beside the thesis's 94 %, which run it comes from, and what would make it misleading. Computed exactly as the
// `coldstart-reduction` claim (the same function), so the console, the report's top and the claims table agree.
import { coldStartReductionStemCells, computeClaims, type ClaimRow, type RunData } from './claims.js';
import { formatOurs } from './claims-table.js';

export interface Headline {
  /** One sentence: the reduction with its CI next to the thesis's value. */
  text: string;
  /** How it was computed and from which run. */
  from: string;
  /** Why the number may not be what it seems (not comparable, interrupted, a node-process baseline). */
  cautions: string[];
  claim: ClaimRow;
  /** With the openwhisk-default baseline in the run: the reduction against it, in one sentence, and how. */
  stemCells?: { text: string; from: string; claim: ClaimRow };
}

/** The headline of a coldstart run; undefined for a run of another scenario. */
export function coldStartHeadline(run: RunData, seed = 1): Headline | undefined {
  if ((run.manifest as { scenario?: unknown }).scenario !== 'coldstart') return undefined;
  // As the claims read it: a run from before the setting existed had the executor's cache on.
  const codeCache = (run.manifest.config as { codeCache?: unknown } | undefined)?.codeCache !== false;
  const claims = computeClaims(codeCache ? { coldstartCodeCache: run } : { coldstart: run }, seed);
  const claim = claims.find((c) => c.id === (codeCache ? 'coldstart-reduction-code-cache' : 'coldstart-reduction'))!;
  const baseline = run.records.some((r) => r.runtime === 'docker')
    ? "Docker's"
    : run.records.some((r) => r.runtime === 'node-process')
      ? "node-process's (not Docker)"
      : "the baseline's";
  const thesis = `thesis: ${Math.round(claim.threshold.value * 100)} %`;
  const text = claim.ours
    ? `wasm cold starts are ${formatOurs(claim)} shorter than ${baseline} (${thesis}; ${claim.verdict})` +
      `${codeCache ? ', with the code cache on' : ''}`
    : `no cold-start reduction: ${claim.how} (${thesis})`;
  const stem = coldStartReductionStemCells(run, seed);
  return {
    text,
    from: `${claim.how}; run ${run.dir}`,
    cautions: cautionsOf(run),
    claim,
    ...(stem.ours
      ? {
          stemCells: {
            text: `against OpenWhisk's default stem cells, wasm cold starts are ${formatOurs(stem)} shorter${codeCache ? ', with the code cache on' : ''} (no thesis value)`,
            from: stem.how,
            claim: stem,
          },
        }
      : {}),
  };
}

function cautionsOf(run: RunData): string[] {
  const manifest = run.manifest as {
    status?: string;
    comparability?: { comparable?: boolean; reasons?: string[] };
  };
  const cautions: string[] = [];
  if (manifest.status && manifest.status !== 'finished')
    cautions.push(`the run ${manifest.status}: the number is from the samples it recorded`);
  if (manifest.comparability && manifest.comparability.comparable === false)
    cautions.push(`not comparable: ${(manifest.comparability.reasons ?? []).join('; ') || 'no reason recorded'}`);
  return cautions;
}
