// The BasicActionRunnerTests cases (docs/openwhisk-protocols.md §3.2) that make sense for wasm, against the executor in runtime
// mode as its own process (`ow-eval executor --mode runtime`) and as a real container of the executor image
// (`ow-eval executor image build`, started by the baseline's Docker driver), the way an OpenWhisk invoker drives a
// runtime: echo, unicode, environment, large input, init once — with the sentinel counts of ActionContainer.checkStreams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readWasmZip } from '../scenarios/actions/catalog.js';
import { envProbe, wat } from '../test-support/wat.js';
import { post } from '../test-support/executor-http.js';
import { connectDocker } from '../docker-baseline/docker-client.js';
import { createDriver, type ContainerDriver } from '../docker-baseline/driver.js';
import { runtimeHash } from '../docker-baseline/image.js';
import { skipReason } from '../test-support/optional-dependency.js';
import { buildExecutorImage, executorRecipe } from '../experiment/images/executor-image.js';

const bin = fileURLToPath(new URL('../../bin/ow-eval.js', import.meta.url));
const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

interface Runtime {
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<void>;
}

async function startProcess(): Promise<Runtime> {
  const child = spawn(process.execPath, [bin, 'executor', '--mode', 'runtime', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`executor exited with ${code}: ${err}`)));
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 10);
  });
  child.removeAllListeners('exit');
  // The listening line is the executor's own, not the action's.
  const listening = out.length;
  return {
    url,
    stdout: () => out.slice(listening),
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// A tag of its own per executor build, so parallel checkouts with other executor code never rebuild each other's.
const imageTag = `ow-eval-test/wasm-executor:${runtimeHash(undefined, executorRecipe)}`;
let imageDriver: Promise<ContainerDriver> | undefined;

/** The image is built once for this file (about 4 s FROM scratch) and removed when the file's tests end. */
function containerDriver(): Promise<ContainerDriver> {
  imageDriver ??= buildExecutorImage(connectDocker(), { tag: imageTag }).then(() =>
    createDriver('docker', { image: imageTag }),
  );
  return imageDriver;
}

async function startContainer(): Promise<Runtime> {
  const driver = await containerDriver();
  const container = await driver.start({ name: 'executor-conformance', memoryMb: 256, userMemoryMb: 1024 });
  return {
    url: container.url,
    stdout: () => container.output().stdout,
    stderr: () => container.output().stderr,
    stop: async () => {
      await container.remove();
    },
  };
}

const dockerSkip = await skipReason('docker', 'executor image conformance');
const variants = [
  { name: 'process', start: startProcess, skip: undefined },
  { name: 'container', start: startContainer, skip: dockerSkip },
] as const;

test.after(async () => {
  if (imageDriver === undefined) return;
  await (await imageDriver).close();
  await connectDocker()
    .docker.getImage(imageTag)
    .remove({ force: true })
    .catch(() => undefined);
});

/** checkStreams: exactly `count` sentinels on each stream, then the streams without them. */
function checkStreams(runtime: Runtime, count: number): { out: string; err: string } {
  // Give the last writes a moment to cross the pipe, as the Scala harness sleeps 100 ms before reading the logs.
  const out = runtime.stdout();
  const err = runtime.stderr();
  assert.equal(out.split(SENTINEL).length - 1, count, `stdout sentinels in ${JSON.stringify(out)}`);
  assert.equal(err.split(SENTINEL).length - 1, count, `stderr sentinels in ${JSON.stringify(err)}`);
  return { out: out.replaceAll(SENTINEL, '').trim(), err: err.replaceAll(SENTINEL, '').trim() };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));
const initPayload = (code: Buffer | Uint8Array, env: Record<string, string> | null = null) => ({
  value: { code: Buffer.from(code).toString('base64'), main: 'main', binary: true, env },
});

for (const variant of variants) {
  test(
    `echo arguments: each input comes back unchanged, one sentinel pair per activation (${variant.name})`,
    { skip: variant.skip ?? false },
    async (t) => {
      const runtime = await variant.start();
      t.after(() => runtime.stop());
      assert.equal((await post(`${runtime.url}/init`, initPayload(await readWasmZip('echo')))).status, 200);
      const inputs = [{ string: 'hello' }, { string: '❄ ☃ ❄' }, { numbers: [42, 1] }, { object: { a: 'A' } }];
      for (const input of inputs) {
        const reply = await post(`${runtime.url}/run`, { value: input });
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body, input);
      }
      await settle();
      checkStreams(runtime, inputs.length);
    },
  );

  test(`handle unicode in input params and result (${variant.name})`, { skip: variant.skip ?? false }, async (t) => {
    const runtime = await variant.start();
    t.after(() => runtime.stop());
    await post(`${runtime.url}/init`, initPayload(await readWasmZip('echo')));
    const reply = await post(`${runtime.url}/run`, { value: { delimiter: '❄', winter: '❄ ☃ ❄' } });
    assert.equal(reply.status, 200);
    assert.equal((reply.body as { winter: string }).winter, '❄ ☃ ❄');
    await settle();
    checkStreams(runtime, 1);
  });

  test(
    `export environment variables before initialization: the instance sees the init env and nothing of the host (${variant.name})`,
    { skip: variant.skip ?? false },
    async (t) => {
      const runtime = await variant.start();
      t.after(() => runtime.stop());
      const init = await post(
        `${runtime.url}/init`,
        initPayload(await wat(envProbe), { SOME_VAR: 'xyz', ANOTHER_VAR: '' }),
      );
      assert.equal(init.status, 200, init.text);
      const reply = await post(`${runtime.url}/run`, {
        value: {},
        namespace: 'zzz',
        action_name: 'xxx',
        activation_id: 'iii',
        deadline: String(Date.now() + 10_000),
      });
      assert.equal(reply.status, 200, reply.text);
      await settle();
      const { err } = checkStreams(runtime, 1);
      const env = err
        .split('\0')
        .map((v) => v.trim())
        .filter(Boolean);
      assert.ok(env.includes('SOME_VAR=xyz'), err);
      assert.ok(env.includes('ANOTHER_VAR='), err);
      assert.ok(
        env.includes('__OW_NAMESPACE=zzz') &&
          env.includes('__OW_ACTION_NAME=xxx') &&
          env.includes('__OW_ACTIVATION_ID=iii'),
        err,
      );
      assert.ok(!env.some((v) => v.startsWith('PATH=') || v.startsWith('HOME=')), 'no host environment');
    },
  );

  test(`echo a large input (about 1 MiB) (${variant.name})`, { skip: variant.skip ?? false }, async (t) => {
    const runtime = await variant.start();
    t.after(() => runtime.stop());
    await post(`${runtime.url}/init`, initPayload(await readWasmZip('echo')));
    const input = { arg: 'a'.repeat(1048561) };
    const reply = await post(`${runtime.url}/run`, { value: input });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, input);
  });

  test(
    `fail to initialize a second time, without sentinels (${variant.name})`,
    { skip: variant.skip ?? false },
    async (t) => {
      const runtime = await variant.start();
      t.after(() => runtime.stop());
      const code = initPayload(await readWasmZip('echo'));
      assert.equal((await post(`${runtime.url}/init`, code)).status, 200);
      const second = await post(`${runtime.url}/init`, code);
      assert.equal(second.status, 403);
      assert.deepEqual(second.body, { error: 'Cannot initialize the action more than once.' });
      await settle();
      const { out, err } = checkStreams(runtime, 0);
      assert.ok(
        `${out}\n${err}`.includes('Cannot initialize the action more than once.'),
        'the message reaches the logs',
      );
    },
  );
}
