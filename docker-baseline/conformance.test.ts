// The conformance table (conformance-cases.ts) against the node-process runtime and against the Docker container.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  checkStreams,
  conformanceCases,
  initPayload,
  type CaseApi,
  type Reply,
} from '../test-support/conformance-cases.js';
import { createDriver, type ActionContainer, type BaselineVariant, type ContainerDriver } from './driver.js';
import { ACTIVATION_LOG_SENTINEL } from './runtime/protocol.js';
import { skipReason } from '../test-support/optional-dependency.js';

const CALL_TIMEOUT_MS = 30_000;

function caseApi(container: ActionContainer): CaseApi {
  const reply = async (
    call: Promise<{ status: number; body: unknown; error?: { message: string } }>,
  ): Promise<Reply> => {
    const { status, body, error } = await call;
    if (error) throw new Error(`no answer from the runtime: ${error.message}`);
    return { status, body };
  };
  return {
    init: (code, main, env) => reply(container.init(initPayload(code, main, env), CALL_TIMEOUT_MS)),
    initRaw: (body) => reply(container.init(body, CALL_TIMEOUT_MS)),
    run: (args, other) => reply(container.run({ value: args, ...other }, CALL_TIMEOUT_MS)),
    runRaw: (body) => reply(container.run(body, CALL_TIMEOUT_MS)),
    runParallel: (bodies) => Promise.all(bodies.map((body) => reply(container.run(body, CALL_TIMEOUT_MS)))),
  };
}

function conformanceSuite(variant: BaselineVariant, skip: string | undefined): void {
  describe(`conformance (${variant})`, { skip: skip ?? false, concurrency: 4 }, () => {
    let driver: ContainerDriver | undefined;
    const getDriver = async (): Promise<ContainerDriver> => (driver ??= await createDriver(variant));

    for (const testCase of conformanceCases) {
      test(`${testCase.title} [${testCase.source}]`, async (t) => {
        const container = await (
          await getDriver()
        ).start({ name: 'conformance', memoryMb: 256, userMemoryMb: 1024, env: testCase.env ?? {} });
        t.after(() => container.remove());
        await testCase.exercise(caseApi(container));
        if (testCase.sentinels === undefined) return;
        // Like ActionContainer.withContainer: let the output settle, then read it all.
        const count = (s: string): number => s.split(ACTIVATION_LOG_SENTINEL).length - 1;
        const expected = testCase.sentinels;
        const deadline = Date.now() + 3000;
        while (
          Date.now() < deadline &&
          (count(container.output().stdout) < expected || count(container.output().stderr) < expected)
        ) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 100));
        const { stdout, stderr } = container.output();
        checkStreams(stdout, stderr, testCase);
      });
    }

    after(async () => {
      if (!driver) return;
      await driver.close();
      assert.equal(await driver.removeAll(), 0, 'the driver left containers behind');
    });
  });
}

conformanceSuite('node-process', undefined);
conformanceSuite('docker', await skipReason('docker', 'conformance'));
