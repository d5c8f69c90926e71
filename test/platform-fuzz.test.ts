// Property-based fuzzing of the running platform (issue 21): random entity names, annotations, parameters, limits,
// web paths, methods, bodies and sequences, sent over real HTTP to a platform on fake containers for a bounded time
// (OW_EVAL_FUZZ_SECONDS, default 20; keep it ≤ 60 in CI). Invariants: no answer is a 500; every activation the
// platform names (202, a record, the x-openwhisk-activation-id header) has its record; afterwards the platform still
// serves, holds no container lease, and its heap and open descriptors are back near where they started.
// Path segments are always well-formed percent-encodings: malformed escapes are their own test (issue 21 item 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { platform, raw } from '../test-support/platform-testing.js';
import type { RunningPlatform } from '../platform/server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const seconds = Number(process.env.OW_EVAL_FUZZ_SECONDS ?? 20);
const recordBudget = 16 * 1024 * 1024;

// Keys the platform reads, mixed with arbitrary ones; values of any JSON shape.
const knownKeys = [
  'web-export',
  'require-whisk-auth',
  'raw-http',
  'final',
  'web-custom-options',
  'provide-api-key',
  'dir',
  'memory',
  'exec',
  'statusCode',
  'headers',
  'body',
];
const key = fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 }));
const json = fc.jsonValue({ maxDepth: 4 });
const keyValues = fc.array(fc.record({ key, value: json }), { maxLength: 6 });
// Mostly exported, so that web requests reach an action; the random pairs come after and may override it.
const annotationList = fc
  .tuple(fc.boolean(), keyValues)
  .map(([exported, rest]) => (exported ? [{ key: 'web-export', value: true }, ...rest] : rest));
// Names: mostly valid entity names from a small pool (so later steps find earlier entities), sometimes anything.
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'web', 'seq', 'x y', 'p@q.r') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const kind = fc.oneof(
  { weight: 6, arbitrary: fc.constant('nodejs:20') },
  { weight: 1, arbitrary: fc.constantFrom('wasm:0.1', 'nodejs:default', 'blackbox', 'sequence', 'python:3', '') },
);
const limits = fc.record(
  {
    timeout: fc.oneof(fc.integer({ min: 100, max: 2000 }), json),
    memory: fc.oneof(fc.constantFrom(128, 256, 512, 4096), json),
    logs: fc.oneof(fc.integer({ min: 0, max: 10 }), json),
    concurrency: fc.oneof(fc.constant(1), json),
  },
  { requiredKeys: [] },
);
const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'image/png',
  'application/vnd.api+json',
  'multipart/form-data; boundary=x',
);
const body = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constant(''),
);

type Op =
  | { op: 'put'; name: string; kind: string; code: string; annotations: unknown; parameters: unknown; limits: unknown }
  | { op: 'sequence'; name: string; components: string[] }
  | { op: 'invoke'; name: string; blocking: boolean; body: string }
  | { op: 'web'; name: string; ext: string; rest: string[]; query: string; method: string; type: string; body: string }
  | { op: 'delete'; name: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('put' as const),
    name,
    kind,
    code: fc.oneof(fc.constant('code'), fc.base64String({ maxLength: 64 }), fc.string({ maxLength: 40 })),
    annotations: fc.oneof({ weight: 5, arbitrary: annotationList }, { weight: 1, arbitrary: json }),
    parameters: fc.oneof({ weight: 5, arbitrary: keyValues }, { weight: 1, arbitrary: json }),
    limits: fc.oneof(
      { weight: 5, arbitrary: fc.constant({}) },
      { weight: 3, arbitrary: limits },
      { weight: 1, arbitrary: json },
    ),
  }),
  fc.record({
    op: fc.constant('sequence' as const),
    name,
    components: fc.array(
      name.map((n) => `/guest/${n}`),
      { minLength: 0, maxLength: 4 },
    ),
  }),
  fc.record({ op: fc.constant('invoke' as const), name, blocking: fc.boolean(), body }),
  fc.record({
    op: fc.constant('web' as const),
    name,
    ext: fc.constantFrom('.json', '.http', '.html', '.text', '.svg', '', '.xml'),
    rest: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    query: fc.string({ maxLength: 20 }),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    type: contentType,
    body,
  }),
  fc.record({ op: fc.constant('delete' as const), name }),
);

const enc = encodeURIComponent;

/** PUT of an action with overwrite, as both kinds of create operation send it. */
const putAction = (running: RunningPlatform, name: string, payload: unknown): Promise<Response> =>
  raw(running, 'PUT', `/api/v1/namespaces/guest/actions/${enc(name)}?overwrite=true`, JSON.stringify(payload));

/** Sends one operation; returns the answer's status and the activation ids it names. */
async function send(running: RunningPlatform, o: Op): Promise<{ status: number; text: string; ids: string[] }> {
  let answer: Response;
  switch (o.op) {
    case 'put': {
      const exec = o.kind === 'sequence' ? { kind: o.kind, components: [o.code] } : { kind: o.kind, code: o.code };
      answer = await putAction(running, o.name, {
        exec,
        annotations: o.annotations,
        parameters: o.parameters,
        limits: o.limits,
      });
      break;
    }
    case 'sequence': {
      answer = await putAction(running, o.name, { exec: { kind: 'sequence', components: o.components } });
      break;
    }
    case 'invoke':
      answer = await raw(
        running,
        'POST',
        `/api/v1/namespaces/guest/actions/${enc(o.name)}?blocking=${o.blocking}`,
        o.body || undefined,
      );
      break;
    case 'web': {
      const path = [o.name + o.ext, ...o.rest].map(enc).join('/');
      const init: RequestInit = { method: o.method, headers: { 'content-type': o.type } };
      if (o.method !== 'GET' && o.method !== 'HEAD' && o.body !== '') init.body = o.body;
      answer = await fetch(
        `${running.url}/api/v1/web/guest/default/${path}?${new URLSearchParams({ q: o.query }).toString()}`,
        init,
      );
      break;
    }
    case 'delete':
      answer = await raw(running, 'DELETE', `/api/v1/namespaces/guest/actions/${enc(o.name)}`);
      break;
  }
  const text = await answer.text();
  const ids: string[] = [];
  const header = answer.headers.get('x-openwhisk-activation-id');
  if (header) ids.push(header);
  try {
    const parsed = JSON.parse(text) as { activationId?: unknown };
    if (typeof parsed?.activationId === 'string') ids.push(parsed.activationId);
  } catch {
    // not JSON (a web answer): the header names its activation
  }
  return { status: answer.status, text, ids };
}

async function recordExists(running: RunningPlatform, id: string): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const answer = await raw(running, 'GET', `/api/v1/namespaces/guest/activations/${id}`);
    await answer.arrayBuffer();
    if (answer.status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

test(`fuzzing the platform for ${seconds} s: no 500, no lost record, still serving, heap and descriptors back`, async (t) => {
  const { running } = await platform(t, { maxActivationBytes: recordBudget, blockingWaitMs: 5_000 });
  await raw(
    running,
    'PUT',
    '/api/v1/namespaces/guest/actions/probe',
    JSON.stringify({ exec: { kind: 'nodejs:20', code: 'c' } }),
  );
  const probe = async () => {
    const answer = await raw(running, 'POST', '/api/v1/namespaces/guest/actions/probe?blocking=true', '{}');
    await answer.arrayBuffer();
    return answer.status;
  };
  for (let i = 0; i < 20; i++) assert.equal(await probe(), 200); // warm up the paths before the baseline
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const fdsBefore = openDescriptors();
  const ids = new Set<string>();
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of ops) {
        const { status, text, ids: named } = await send(running, o);
        requests += 1;
        assert.ok(
          status < 500 || status === 501 || status === 502 || status === 503,
          `${status} for ${JSON.stringify(o)}: ${text}`,
        );
        for (const id of named) ids.add(id);
      }
    }),
    { interruptAfterTimeLimit: seconds * 1000, numRuns: Number.MAX_SAFE_INTEGER },
  );
  t.diagnostic(`${requests} requests, ${ids.size} activations`);
  assert.ok(requests > 50, `only ${requests} requests ran`);
  // The record budget may drop the oldest records; only check those the store can still hold.
  const recent = [...ids].slice(-200);
  for (const id of recent) assert.ok(await recordExists(running, id), `record ${id}`);
  assert.equal(await probe(), 200, 'still serving');
  assert.deepEqual(
    running.poolState().containers.filter((c) => c.active > 0),
    [],
    'no lease held',
  );
  gc();
  const grown = process.memoryUsage().heapUsed - heapBefore;
  t.diagnostic(`heap grew ${(grown / 1048576).toFixed(1)} MiB (record budget ${recordBudget / 1048576} MiB)`);
  assert.ok(grown < recordBudget + 32 * 1024 * 1024, `heap grew ${grown} bytes`);
  const fds = openDescriptors();
  t.diagnostic(`descriptors ${fdsBefore} → ${fds}`);
  assert.ok(fds <= fdsBefore + 16, `descriptors ${fdsBefore} → ${fds}`);
});
