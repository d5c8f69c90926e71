// Runs the `openwhisk` npm client's own integration suite (apache/openwhisk-client-js, test/integration, with ava)
// against `ow-eval platform start`, and passes only when every failing test failed on a 501: what the platform leaves
// out by design (the API gateway, the catalog's feed providers; docs/openwhisk-entities.md). The npm package ships no
// tests, so the suite comes from a checkout of the client's repository at the tag of the installed client:
//
//   npm run client-suite -- /path/to/openwhisk-client-js
//
// The checkout's own devDependencies (ava, jszip) are installed into it with npm when missing. The platform runs as
// its own process on a free loopback port, nodejs:20 as node-process (no Docker needed); the suite runs serially so
// each test's printed error sits right before its result line.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { guestKey } from '../platform/options.js';

export interface SuiteOutcome {
  passed: string[];
  /** Failures whose output shows the platform answered 501. */
  notSupported: string[];
  /** Every other failure: a difference from OpenWhisk. */
  failed: string[];
}

/** Reads ava's default (serial) report: `✔ name`, `✘ [fail]: name …`, each failure's printed error just before it. */
export function classify(report: string): SuiteOutcome {
  const outcome: SuiteOutcome = { passed: [], notSupported: [], failed: [] };
  let since: string[] = [];
  for (const line of report.split('\n')) {
    const pass = /^\s*✔ (.+?)(?: \(\d+m?s\))?$/.exec(line);
    const fail = /^\s*✘ \[fail\]: (.+?)(?: Test failed.*| Error.*)?$/.exec(line);
    if (pass) outcome.passed.push(pass[1]!);
    else if (fail) {
      const by501 = since.some((l) => /\b501\b/.test(l));
      (by501 ? outcome.notSupported : outcome.failed).push(fail[1]!);
    } else {
      since.push(line);
      continue;
    }
    since = [];
  }
  return outcome;
}

async function main(): Promise<number> {
  const dir = resolve(process.argv[2] ?? process.env.OW_CLIENT_JS_DIR ?? '');
  if (!existsSync(join(dir, 'test', 'integration'))) {
    console.error('usage: npm run client-suite -- <checkout of apache/openwhisk-client-js> (or OW_CLIENT_JS_DIR)');
    return 2;
  }
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const version = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  const installed = version(join(root, 'node_modules', 'openwhisk', 'package.json'));
  const suite = version(join(dir, 'package.json'));
  if (installed !== suite) console.error(`note: the suite is of client ${suite}, ow-eval uses ${installed}`);
  if (!existsSync(join(dir, 'node_modules', 'ava'))) {
    console.error(`installing the suite's devDependencies into ${dir} …`);
    await execa('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'inherit' });
  }

  const platform = execa(
    'node',
    [join(root, 'bin', 'ow-eval.js'), 'platform', 'start', '--port', '0', '--baseline', 'node-process'],
    {
      cwd: root,
      all: true,
      buffer: false,
    },
  );
  try {
    const url = await new Promise<string>((done, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`the platform did not start within 60 s:\n${seen}`)), 60_000);
      platform.all.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          done(match[1]!);
        }
      });
      platform.catch((error: unknown) => {
        clearTimeout(timer);
        fail(error instanceof Error ? error : new Error(String(error)));
      });
    });
    const env = { __OW_API_HOST: url, __OW_API_KEY: guestKey, __OW_NAMESPACE: 'guest', __OW_APIGW_TOKEN: 'unused' };
    const run = await execa('npx', ['ava', '--serial', '--timeout=60s', 'test/integration/*.test.js'], {
      cwd: dir,
      env,
      all: true,
      reject: false,
      timeout: 600_000,
    });
    const report = run.all ?? '';
    const outcome = classify(report);
    console.log(report);
    console.log(
      `openwhisk client ${suite} integration suite against ow-eval platform start: ${outcome.passed.length} passed, ` +
        `${outcome.notSupported.length} failed on a 501 by design, ${outcome.failed.length} failed otherwise`,
    );
    for (const name of outcome.notSupported) console.log(`  501 by design: ${name}`);
    for (const name of outcome.failed) console.log(`  DIFFERS:       ${name}`);
    return outcome.failed.length === 0 && outcome.passed.length > 0 ? 0 : 1;
  } finally {
    platform.kill('SIGTERM');
    await platform.catch(() => undefined);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
