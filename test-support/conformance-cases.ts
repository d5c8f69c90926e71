// The canonical runtime conformance cases as a table (docs/openwhisk-protocols.md §3.2 BasicActionRunnerTests, §3.3 the Node.js
// runtime suite with its zip, promise, concurrency and non-concurrency cases), run by conformance.test.ts against
// every variant. Each case gets a fresh runtime, drives it over HTTP, then its stdout/stderr are checked like
// ActionContainer.checkStreams: exactly `sentinels` sentinels per stream, then the streams without them.
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { tarStream } from '../docker-baseline/tar-context.js';
import { ACTIVATION_LOG_SENTINEL } from '../docker-baseline/runtime/protocol.js';

export interface Reply {
  status: number;
  body: unknown;
}

/** What a case can do to its runtime: initPayload/runPayload as the Scala harness builds them, or raw bodies. */
export interface CaseApi {
  init(code: string, main?: string, env?: Record<string, string>): Promise<Reply>;
  initRaw(body: unknown): Promise<Reply>;
  run(args: unknown, other?: Record<string, unknown>): Promise<Reply>;
  runRaw(body: unknown): Promise<Reply>;
  runParallel(bodies: unknown[]): Promise<Reply[]>;
}

export interface ConformanceCase {
  title: string;
  source: '§3.2' | '§3.3' | 'ow-eval';
  /** Container environment (e.g. __OW_API_HOST, __OW_ALLOW_CONCURRENT). */
  env?: Record<string, string>;
  exercise(api: CaseApi): Promise<void>;
  /** Sentinels expected on each stream; undefined = the upstream case does not check its streams. */
  sentinels?: number;
  /** Checks on stdout/stderr with the sentinels removed and trimmed. */
  streams?(out: string, err: string): void;
  /** Concurrent runs: all sentinels must be grouped, each followed by a newline. */
  grouped?: boolean;
}

/** Exec.isBinaryCode: what the controller would flag as binary (base64) code. */
export function isBinaryCode(code: string): boolean {
  const t = code.trim();
  return (
    t.length > 0 &&
    t.length % 4 === 0 &&
    /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/.test(t)
  );
}

export function initPayload(code: string, main = 'main', env?: Record<string, string>): unknown {
  return { value: { code, main, binary: isBinaryCode(code), env: env ?? null } };
}

export function base64Zip(files: Record<string, string>): string {
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]));
  return Buffer.from(zipSync(entries)).toString('base64');
}

const empty = (o: string, e: string): void => {
  assert.equal(o, '', 'stdout should be empty');
  assert.equal(e, '', 'stderr should be empty');
};
const emptyOut = (o: string): void => assert.equal(o, '', 'stdout should be empty');
const errorOf = (reply: Reply): string => JSON.stringify((reply.body as { error?: unknown }).error ?? '');

const echo = "function main(args) {\n  console.log('hello stdout')\n  console.error('hello stderr')\n  return args\n}";
const identity = 'function main(args) {\n  return args\n}';
const packageJson = JSON.stringify({
  name: 'wskaction',
  version: '1.0.0',
  description: 'An OpenWhisk action as an npm package.',
  main: 'index.js',
  author: 'info@openwhisk.org',
  license: 'Apache-2.0',
});
const greeting = (suffix: string): string =>
  `exports.main = function (args) {\n  var name = typeof args["name"] === "string" ? args["name"] : "stranger";\n  return { greeting: "Hello " + name + ", from ${suffix}." };\n}`;

async function initOk(api: CaseApi, code: string, main?: string): Promise<void> {
  const reply = await api.init(code, main);
  assert.equal(reply.status, 200, `init should answer 200, got ${reply.status} ${JSON.stringify(reply.body)}`);
}

async function zipRunsTo(
  api: CaseApi,
  files: Record<string, string>,
  main: string | undefined,
  expected: Record<string, unknown>,
): Promise<void> {
  await initOk(api, base64Zip(files), main);
  const reply = await api.run({});
  assert.equal(reply.status, 200);
  for (const [key, value] of Object.entries(expected))
    assert.deepEqual((reply.body as Record<string, unknown>)[key], value);
}

export const CONCURRENT_REQUESTS = 128;

export const conformanceCases: ConformanceCase[] = [
  // ---- §3.2 BasicActionRunnerTests ----
  {
    title: 'initialization with no code fails',
    source: '§3.2',
    exercise: async (api) => assert.notEqual((await api.init('')).status, 200),
  },
  {
    title: 'initialization with no content fails with "Missing main/no code to execute."',
    source: '§3.2',
    exercise: async (api) => {
      const reply = await api.initRaw({});
      assert.notEqual(reply.status, 200);
      assert.deepEqual(reply.body, { error: 'Missing main/no code to execute.' });
    },
  },
  {
    title: 'a function not returning a JSON object is reported as an error',
    source: '§3.2',
    sentinels: 1,
    streams: emptyOut,
    exercise: async (api) => {
      await initOk(api, 'function main(args) {\n  return "not a json object"\n}');
      const reply = await api.runRaw({});
      assert.notEqual(reply.status, 200);
      assert.deepEqual(reply.body, { error: 'The action did not return a dictionary.' });
    },
  },
  {
    title: 'a second initialization fails and writes no sentinel',
    source: '§3.2',
    sentinels: 0,
    streams: (o, e) => assert.match(o + e, /Cannot initialize the action more than once\./),
    exercise: async (api) => {
      await initOk(api, identity);
      const again = await api.init(identity);
      assert.notEqual(again.status, 200);
      assert.deepEqual(again.body, { error: 'Cannot initialize the action more than once.' });
    },
  },
  {
    title: 'a non-standard entry point is invoked',
    source: '§3.2',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(api, ' function niam(args) {\n     return args;\n }', 'niam');
      const reply = await api.run({ string: 'hello' });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { string: 'hello' });
    },
  },
  {
    title: 'arguments are echoed and messages reach stdout and stderr',
    source: '§3.2',
    sentinels: 4,
    streams: (o, e) => {
      assert.match(o, /hello stdout/);
      assert.match(e, /hello stderr/);
    },
    exercise: async (api) => {
      await initOk(api, echo);
      for (const args of [{ string: 'hello' }, { string: '❄ ☃ ❄' }, { numbers: [42, 1] }, { object: { a: 'A' } }]) {
        const reply = await api.run(args);
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body, args);
      }
    },
  },
  {
    title: 'unicode in source, input, logs and result survives',
    source: '§3.2',
    sentinels: 1,
    streams: (o) => assert.ok(o.toLowerCase().includes('❄ ☃ ❄')),
    exercise: async (api) => {
      await initOk(
        api,
        'function main(args) {\n    var str = args.delimiter + " ☃ " + args.delimiter;\n    console.log(str);\n    return { "winter": str };\n}',
      );
      const reply = await api.run({ delimiter: '❄' });
      assert.equal(reply.status, 200);
      assert.equal((reply.body as { winter: string }).winter, '❄ ☃ ❄');
    },
  },
  {
    title: 'init env is exported before the code is evaluated',
    source: '§3.2',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      const code =
        'const envargs = {\n    "SOME_VAR": process.env.SOME_VAR,\n    "ANOTHER_VAR": process.env.ANOTHER_VAR\n}\nfunction main(args) {\n    return envargs\n}';
      assert.equal((await api.init(code, 'main', { SOME_VAR: 'xyz', ANOTHER_VAR: '' })).status, 200);
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { SOME_VAR: 'xyz', ANOTHER_VAR: '' });
    },
  },
  {
    title: 'the expected __OW_* environment variables are set',
    source: '§3.2',
    env: { __OW_API_HOST: 'xyz' },
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      const keys = ['api_host', 'api_key', 'namespace', 'action_name', 'action_version', 'activation_id', 'deadline'];
      await initOk(
        api,
        `function main(args) {\n  return {${keys.map((k) => `"${k}": process.env['__OW_${k.toUpperCase()}']`).join(', ')}}\n}`,
      );
      const other = {
        api_key: 'abc',
        namespace: 'zzz',
        action_name: 'xxx',
        action_version: '0.0.1',
        activation_id: 'iii',
        deadline: '123',
      };
      const reply = await api.run({}, other);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { api_host: 'xyz', ...other });
    },
  },
  {
    title: 'a large input (1 MiB) is echoed',
    source: '§3.2',
    exercise: async (api) => {
      await initOk(api, identity);
      const args = { arg: 'a'.repeat(1048561) };
      const reply = await api.run(args);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, args);
    },
  },
  // ---- §3.3 the Node.js runtime suite ----
  {
    title: 'bad code fails to initialize and the logs mention a syntax error',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => {
      assert.match((o + e).toLowerCase(), /error/);
      assert.match((o + e).toLowerCase(), /syntax/);
    },
    exercise: async (api) => assert.notEqual((await api.init(' 10 PRINT "Hello world!"\n 20 GOTO 10\n')).status, 200),
  },
  {
    title: 'empty code fails to initialize with "no code to execute"',
    source: '§3.3',
    exercise: async (api) => {
      const reply = await api.init('');
      assert.notEqual(reply.status, 200);
      assert.match(errorOf(reply), /no code to execute/);
    },
  },
  {
    title: 'a thrown action error is reported',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(api, ' function main(args) {\n     throw "nooooo";\n }');
      const reply = await api.run({});
      assert.notEqual(reply.status, 200);
      assert.match(errorOf(reply).toLowerCase(), /nooooo/);
    },
  },
  {
    title: 'application errors are answered with 200',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(api, ' function main(args) {\n     return { "error" : "sorry" };\n }');
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.ok((reply.body as { error?: unknown }).error);
    },
  },
  {
    title: 'the documentation examples (1): return nothing, a result, an application error',
    source: '§3.3',
    sentinels: 3,
    streams: empty,
    exercise: async (api) => {
      await initOk(
        api,
        "function main(params) {\n  if (params.payload == 0) {\n    return;\n  } else if (params.payload == 1) {\n    return {payload: 'Hello, World!'}\n  } else if (params.payload == 2) {\n    return {error: 'payload must be 0 or 1'}\n  }\n}",
      );
      assert.deepEqual(await api.run({ payload: 0 }), { status: 200, body: {} });
      assert.deepEqual(await api.run({ payload: 1 }), { status: 200, body: { payload: 'Hello, World!' } });
      assert.deepEqual(await api.run({ payload: 2 }), { status: 200, body: { error: 'payload must be 0 or 1' } });
    },
  },
  {
    title: 'the documentation examples (2): asynchronous and synchronous activations',
    source: '§3.3',
    sentinels: 2,
    streams: empty,
    exercise: async (api) => {
      await initOk(
        api,
        'function main(params) {\n  if (params.payload) {\n    return new Promise(function(resolve, reject) {\n      setTimeout(function() { resolve({ done: true }); }, 100);\n    })\n  } else {\n    return {done: true};\n  }\n}',
      );
      assert.deepEqual(await api.run({}), { status: 200, body: { done: true } });
      assert.deepEqual(await api.run({ payload: true }), { status: 200, body: { done: true } });
    },
  },
  {
    title: 'variables without a var declaration work',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => {
      assert.equal(o, 'hello, test!');
      assert.equal(e, '');
    },
    exercise: async (api) => {
      await initOk(
        api,
        " function main(params) {\n    greeting = 'hello, ' + params.payload + '!'\n    console.log(greeting);\n    return {payload: greeting}\n }",
      );
      assert.deepEqual(await api.run({ payload: 'test' }), { status: 200, body: { payload: 'hello, test!' } });
    },
  },
  {
    title: 'a webpacked function (global.main) works',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(api, 'function foo() {\n  return { bar: true }\n}\nglobal.main = foo\n');
      assert.deepEqual(await api.runRaw({}), { status: 200, body: { bar: true } });
    },
  },
  ...(['exports.main', 'module.exports.main'] as const).map((target): ConformanceCase => ({
    title: `${target} works for single files`,
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(api, ` ${target} = function (params) {\n     return params\n }`);
      assert.deepEqual(await api.run({ payload: 'Hello exports!' }), {
        status: 200,
        body: { payload: 'Hello exports!' },
      });
    },
  })),
  {
    title: 'requiring a non-existent package fails the run',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => assert.match(o + e, /Error|error/),
    exercise: async (api) => {
      await initOk(api, " function main(args) {\n     require('.mildlyinvalidnameofanonexistentpackage');\n }");
      assert.notEqual((await api.run({})).status, 200);
    },
  },
  {
    title: 'the openwhisk package is available',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(api, ' function main(args) {\n     require(\'openwhisk\');\n     return { "result": true }\n }');
      assert.equal((await api.run({})).status, 200);
    },
  },
  {
    title: 'resolved promises are results',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(
        api,
        'function main(args) {\n  return new Promise(function(resolve) { setTimeout(function() { resolve({ done: true }); }, 100); })\n}',
      );
      assert.deepEqual(await api.run({}), { status: 200, body: { done: true } });
    },
  },
  {
    title: 'rejected promises are application errors',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(
        api,
        'function main(args) {\n  return new Promise(function(resolve, reject) { setTimeout(function() { reject({ done: true }); }, 100); })\n}',
      );
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { error: { done: true } });
    },
  },
  {
    title: 'a promise rejected with no message still has an error',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(api, 'function main(args) {\n  return new Promise(function (resolve, reject) { reject(); });\n}');
      assert.deepEqual(await api.run({}), { status: 200, body: { error: {} } });
    },
  },
  {
    title: 'large-ish actions (over 500000 characters) work',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      const assignment = '    x = " I took the one less traveled by, and that has made all the difference.";\n';
      const code =
        ' function main(args) {\n     var x = "hello";\n' +
        assignment.repeat(7000) +
        '     x = "world";\n     return { "message" : x };\n }';
      assert.ok(code.length >= 500000);
      await initOk(api, code);
      assert.deepEqual(await api.run({}), { status: 200, body: { message: 'world' } });
    },
  },
  {
    title: 'a zip-encoded npm package action works',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: (api) =>
      zipRunsTo(api, { 'package.json': packageJson, 'index.js': greeting('an npm package action') }, undefined, {
        greeting: 'Hello stranger, from an npm package action.',
      }),
  },
  {
    title: 'a zip-encoded action without package.json works',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: (api) =>
      zipRunsTo(api, { 'index.js': greeting('an npm package action without a package.json') }, undefined, {
        greeting: 'Hello stranger, from an npm package action without a package.json.',
      }),
  },
  {
    title: 'a zip with main in a file other than index.js works (other.niam)',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: (api) =>
      zipRunsTo(api, { 'other.js': greeting('other.niam').replace('exports.main', 'exports.niam') }, 'other.niam', {
        greeting: 'Hello stranger, from other.niam.',
      }),
  },
  {
    title: 'a nested main works (other.niam.xyz)',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: (api) =>
      zipRunsTo(
        api,
        {
          'other.js':
            'exports.niam = { xyz: function (args) {\n  return { greeting: "Hello stranger, from nested main." };\n} }',
        },
        'other.niam.xyz',
        {
          greeting: 'Hello stranger, from nested main.',
        },
      ),
  },
  {
    title: 'a zip with package.json can override the entry point',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: (api) =>
      zipRunsTo(
        api,
        {
          'package.json': packageJson,
          'index.js': 'exports.main = function (args) { return { result: "it works" }; }',
          'other.js': 'exports.niam = function (args) { return { result: "it should also work" }; }',
        },
        'other.niam',
        { result: 'it should also work' },
      ),
  },
  {
    title: 'an invalid zip fails gracefully',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => {
      assert.match((o + e).toLowerCase(), /error/);
      assert.match((o + e).toLowerCase(), /syntax|uncompressing/);
    },
    exercise: async (api) => assert.notEqual((await api.init('Q2VjaSBuJ2VzdCBwYXMgdW4gemlwLgo=')).status, 200),
  },
  {
    title: 'a valid zip that is not an action fails gracefully',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => {
      assert.match((o + e).toLowerCase(), /error|exited/);
      assert.ok(
        (o + e).toLowerCase().includes('zipped actions must contain either package.json or index.js at the root.'),
      );
    },
    exercise: async (api) => assert.notEqual((await api.init(base64Zip({ hello: '\n Hello world!\n' }))).status, 200),
  },
  {
    title: 'a zipped action with a non-default entry point works',
    source: '§3.3',
    exercise: (api) =>
      zipRunsTo(
        api,
        {
          'package.json': packageJson,
          'index.js': 'exports.niam = function (args) { return { result: "it works" }; }',
        },
        'niam',
        { result: 'it works' },
      ),
  },
  {
    title: 'a zipped action runs with its folder as cwd',
    source: '§3.3',
    exercise: (api) =>
      zipRunsTo(
        api,
        {
          'package.json': packageJson,
          'test.txt': 'test text',
          'index.js':
            "const fs = require('fs');\nexports.main = function (args) {\n  const fileData = fs.readFileSync('./test.txt').toString();\n  return { result1: fileData, result2: __dirname === process.cwd() };\n}",
        },
        undefined,
        { result1: 'test text', result2: true },
      ),
  },
  {
    title: 'default function parameters work',
    source: '§3.3',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(
        api,
        ' function main(args) {\n     let foo = 3;\n     return {isValid: (function (a, b = 2) {return a === 3 && b === 2;}(foo))};\n }',
      );
      assert.deepEqual(await api.run({}), { status: 200, body: { isValid: true } });
    },
  },
  {
    title: 'user npm packages inside the zip are used',
    source: '§3.3',
    exercise: (api) =>
      zipRunsTo(
        api,
        {
          'package.json': JSON.stringify({
            name: 'nodejs-zip',
            version: '1.0.0',
            main: 'main.js',
            dependencies: { openwhisk: '^2.0.0' },
          }),
          'main.js':
            'function main(args) {\n  let x = require(\'abcxyz\')\n  return { "message": x() };\n}\nmodule.exports = { main: main, niam: main }',
          'node_modules/abcxyz/index.js': "module.exports = function() {\n  return 'hello local library';\n}",
        },
        undefined,
        { message: 'hello local library' },
      ),
  },
  {
    title: 'async and await work',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(
        api,
        " const util = require('util');\n const fs = require('fs');\n const stat = util.promisify(fs.stat);\n async function main() {\n   const stats = await stat('.');\n   return stats\n }",
      );
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.ok((reply.body as { uid?: unknown }).uid !== undefined);
    },
  },
  {
    title: 'errors thrown from async functions are application errors',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(api, ' async function main() {\n   return a.b.c\n }');
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.ok(errorOf(reply).toLowerCase().includes('referenceerror: a is not defined'));
    },
  },
  {
    title: 'user-thrown errors from async functions are application errors',
    source: '§3.3',
    exercise: async (api) => {
      await initOk(api, " async function main() {\n   throw new Error('app error')\n }");
      const reply = await api.run({});
      assert.equal(reply.status, 200);
      assert.ok(errorOf(reply).toLowerCase().includes('error: app error'));
    },
  },
  // ---- ow-eval additions: what the reference runtime also accepts ----
  {
    title: 'a tar.gz action works like a zip',
    source: 'ow-eval',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      const tar = await buffer(
        tarStream([{ path: 'index.js', kind: 'file', data: 'exports.main = () => ({ from: "tar.gz" })' }]),
      );
      await initOk(api, zlib.gzipSync(tar).toString('base64'));
      assert.deepEqual(await api.run({}), { status: 200, body: { from: 'tar.gz' } });
    },
  },
  {
    title: 'dynamic import() works in source actions',
    source: 'ow-eval',
    sentinels: 1,
    streams: empty,
    exercise: async (api) => {
      await initOk(api, "async function main() {\n  const os = await import('node:os');\n  return { eol: os.EOL };\n}");
      assert.deepEqual(await api.run({}), { status: 200, body: { eol: '\n' } });
    },
  },
  {
    title: `with __OW_ALLOW_CONCURRENT=true, ${CONCURRENT_REQUESTS} activations run concurrently`,
    source: '§3.3',
    env: { __OW_ALLOW_CONCURRENT: 'true' },
    sentinels: CONCURRENT_REQUESTS,
    grouped: true,
    streams: (o, e) => {
      assert.equal(o.replaceAll('\n', ''), 'interleave me'.repeat(CONCURRENT_REQUESTS));
      assert.equal(e, '');
    },
    exercise: async (api) => {
      const code = `global.count = 0;\nlet requestCount = ${CONCURRENT_REQUESTS};\nlet interval = 100;\nfunction main(args) {\n  global.count++;\n  console.log("interleave me");\n  return new Promise(function(resolve, reject) {\n    setTimeout(function() { checkRequests(args, resolve, reject); }, interval);\n  });\n}\nfunction checkRequests(args, resolve, reject, elapsed) {\n  let elapsedTime = elapsed||0;\n  if (global.count == requestCount) {\n    resolve({ args: args});\n  } else if (elapsedTime > 30000) {\n    reject("did not receive "+requestCount+" activations within 30s");\n  } else {\n    setTimeout(function() { checkRequests(args, resolve, reject, elapsedTime+interval); }, interval);\n  }\n}`;
      await initOk(api, code);
      const payloads = Array.from({ length: CONCURRENT_REQUESTS }, (_, i) => ({ [`arg${i + 1}`]: `value${i + 1}` }));
      const replies = await api.runParallel(payloads.map((value) => ({ value })));
      payloads.forEach((args, i) => assert.deepEqual(replies[i], { status: 200, body: { args } }));
    },
  },
  {
    title: 'without __OW_ALLOW_CONCURRENT, a second overlapping run gets 403 "System not ready, status is running."',
    source: '§3.3',
    sentinels: 1,
    streams: (o, e) => {
      assert.equal(o.replaceAll('\n', ''), 'no concurrency');
      assert.equal(e, 'Internal system error: System not ready, status is running.');
    },
    exercise: async (api) => {
      await initOk(
        api,
        ' function main(args) {\n     console.log("no concurrency");\n     return new Promise(function(resolve) { setTimeout(function() { resolve({ args: args}); }, 1000); });\n }',
      );
      const replies = await api.runParallel([{ value: { arg1: 'value1' } }, { value: { arg2: 'value2' } }]);
      assert.equal(
        replies.filter((r) => r.status === 200 && (r.body as { args?: unknown }).args !== undefined).length,
        1,
      );
      assert.equal(
        replies.filter(
          (r) => r.status === 403 && (r.body as { error?: unknown }).error === 'System not ready, status is running.',
        ).length,
        1,
      );
    },
  },
];

/** checkStreams: sentinel counts per stream, then the streams with sentinels removed and trimmed. */
export function checkStreams(out: string, err: string, testCase: ConformanceCase): void {
  if (testCase.sentinels === undefined) return;
  const count = (s: string): number => s.split(ACTIVATION_LOG_SENTINEL).length - 1;
  assert.equal(count(out), testCase.sentinels, `stdout sentinels in:\n${out}`);
  assert.equal(count(err), testCase.sentinels, `stderr sentinels in:\n${err}`);
  if (testCase.grouped)
    assert.ok(
      out.includes(`${ACTIVATION_LOG_SENTINEL}\n`.repeat(testCase.sentinels)),
      'stdout sentinels are not grouped',
    );
  const strip = (s: string): string => s.replaceAll(ACTIVATION_LOG_SENTINEL, '').trim();
  testCase.streams?.(strip(out), strip(err));
}
