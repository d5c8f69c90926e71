// The GitHub Actions workflows (.github/workflows/) run here: every step that calls ow-eval runs as the runner would
// run it (bash -eo pipefail, the job's env), in quick variants, so a renamed flag or a moved output breaks this test
// rather than a user's fork. The job summary ow-eval writes is read back as Markdown. (The files themselves are
// linted by actionlint in `npm run lint`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { lexer, type Tokens } from 'marked';
import { parse } from 'yaml';
import { formatClaimsMarkdown } from '../model/claims/claims-table.js';
import type { ClaimRow } from '../model/claims/claims.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const workflowDir = path.join(repo, '.github', 'workflows');

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

/**
 * The quick variant of each workflow: what its env values become here. Every value that is an expression must be
 * listed (the test cannot evaluate `${{ … }}`); BASELINE is node-process to keep the test short; the gate's
 * threshold is out of reach, since two runs of one build differ only by noise.
 */
const quickEnv: Record<string, Record<string, string>> = {
  'reproduce.yml': { SET: '--quick', BASELINE: 'node-process' },
  'performance-gate.yml': { SCENARIO: 'warm', GATE_PCT: '1000', BASELINE: 'node-process' },
};

function owEvalSteps(file: string): { steps: Step[]; env: Record<string, string> } {
  const workflow = parse(readFileSync(path.join(workflowDir, file), 'utf8')) as Workflow;
  const steps: Step[] = [];
  const env: Record<string, string> = {};
  for (const job of Object.values(workflow.jobs)) {
    const scoped = { ...job.env, ...Object.assign({}, ...job.steps.map((s) => s.env ?? {})) } as Record<string, string>;
    for (const [key, value] of Object.entries(scoped)) {
      const quick = quickEnv[file]?.[key];
      if (String(value).includes('${{')) assert.ok(quick !== undefined, `${file}: give ${key} a quick value here`);
      env[key] = quick ?? String(value);
    }
    for (const step of job.steps) {
      if (!step.run?.includes('bin/ow-eval.js')) continue;
      assert.ok(!step.run.includes('${{'), `${file}: "${step.name}" keeps expressions in env, not in its script`);
      steps.push(step);
    }
  }
  return { steps, env };
}

/** Runs the steps in a fresh workspace laid out as the workflow's checkouts: `.`, `base/` and `head/` are this repo. */
async function runSteps(
  t: { after: (fn: () => void) => void },
  file: string,
): Promise<{ workspace: string; summary: string }> {
  const { steps, env } = owEvalSteps(file);
  assert.ok(steps.length > 0, `${file} has ow-eval steps`);
  const workspace = mkdtempSync(path.join(tmpdir(), 'ow-eval-workflow-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  symlinkSync(path.join(repo, 'bin'), path.join(workspace, 'bin'));
  for (const checkout of ['base', 'head']) symlinkSync(repo, path.join(workspace, checkout));
  const summaryFile = path.join(workspace, 'step-summary.md');
  for (const step of steps) {
    const run = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd: workspace,
      env: { ...env, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: workspace, CI: 'true' },
      all: true,
      reject: false,
      timeout: 20 * 60_000,
    });
    assert.equal(run.exitCode, 0, `${file}: "${step.name}" failed:\n${(run.all ?? '').slice(-3000)}`);
  }
  return { workspace, summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '' };
}

const tables = (markdown: string) => lexer(markdown).filter((token): token is Tokens.Table => token.type === 'table');
const headings = (markdown: string) =>
  lexer(markdown)
    .filter((token): token is Tokens.Heading => token.type === 'heading')
    .map((h) => h.text);

test('reproduce.yml runs here (--quick); the job summary is the claims table with rules and verdicts', async (t) => {
  const { workspace, summary } = await runSteps(t, 'reproduce.yml');
  const results = path.join(workspace, 'results');
  const reproduceDir = readdirSync(results).find((name) => name.endsWith('-reproduce'));
  assert.ok(reproduceDir, 'a reproduce folder under results/');
  assert.ok(existsSync(path.join(results, reproduceDir, 'report.html')), 'the HTML report the artifact uploads');
  const { claims } = JSON.parse(readFileSync(path.join(results, reproduceDir, 'claims.json'), 'utf8')) as {
    claims: ClaimRow[];
  };
  assert.ok(claims.length > 0);

  assert.ok(
    headings(summary).some((h) => h.startsWith('ow-eval reproduce (quick): passed')),
    summary,
  );
  // The claims table as claims-table.ts renders it, whatever columns it has: same header, one row per claim.
  const [expected] = tables(formatClaimsMarkdown(claims));
  const table = tables(summary).find((candidate) => candidate.header.length === expected!.header.length);
  assert.ok(table, `a claims table in:\n${summary}`);
  assert.deepEqual(
    table.header.map((cell) => cell.text),
    expected!.header.map((cell) => cell.text),
  );
  const column = (name: string) => table.header.findIndex((cell) => cell.text === name);
  assert.ok(column('verdict') >= 0 && column('id') >= 0);
  assert.deepEqual(
    table.rows.map((row) => [
      row[column('id')]!.text.replaceAll('`', ''),
      row[column('verdict')]!.text.replaceAll('*', ''),
    ]),
    claims.map((claim) => [claim.id, claim.verdict]),
  );
  // Each claim's rule: how the number was measured and decided, a non-empty cell of every row.
  const rule = expected!.header.findIndex((cell) => /rule|how/i.test(cell.text));
  assert.ok(rule >= 0, 'the table has a rule column');
  assert.ok(table.rows.every((row) => row[rule]!.text.trim().length > 0));
});

test('performance-gate.yml runs here (--quick on base and head); the comparison is in the job summary', async (t) => {
  const { workspace, summary } = await runSteps(t, 'performance-gate.yml');
  for (const side of ['base', 'head']) assert.equal(readdirSync(path.join(workspace, 'results', side)).length, 1);
  assert.ok(
    headings(summary).some((h) => h.startsWith('ow-eval compare: passed')),
    summary,
  );
  const [table] = tables(summary);
  assert.ok(table, summary);
  assert.ok(table.header.some((cell) => cell.text === 'change [95 % CI]'));
  assert.ok(table.rows.length > 0);
});

test('--summary without a file needs GITHUB_STEP_SUMMARY: a usage error before any work', async () => {
  const env = { ...process.env };
  delete env.GITHUB_STEP_SUMMARY;
  const run = await execa('node', [path.join(repo, 'bin', 'ow-eval.js'), 'compare', 'a', 'b', '--summary'], {
    env,
    extendEnv: false,
    reject: false,
  });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /GITHUB_STEP_SUMMARY/);
});
