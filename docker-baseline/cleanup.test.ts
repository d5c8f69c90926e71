// Nothing is left behind: a driver's process killed with SIGKILL leaves containers that label-based cleanup removes,
// SIGINT removes them on the way out, and node-process runtimes die with their parent.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { connectDocker } from './docker-client.js';
import { removeContainers } from './docker-driver.js';
import { RUN_LABEL } from './labels.js';
import { dockerSkipReason } from './testing.js';

const driverUrl = new URL('./driver.js', import.meta.url).href;

/** A child process that starts `count` containers, prints `{ runId, ids }` as one JSON line, then idles. */
function startOwner(variant: 'docker' | 'node-process', count: number): { child: ChildProcess; ready: Promise<{ runId?: string; ids: string[] }> } {
  const script = `
    import { createDriver, removeOnSignal } from ${JSON.stringify(driverUrl)};
    const driver = await createDriver(${JSON.stringify(variant)});
    removeOnSignal(driver);
    const ids = [];
    for (let i = 0; i < ${count}; i++) ids.push((await driver.start({ name: 'owner', memoryMb: 128, userMemoryMb: 1024 })).id);
    console.log(JSON.stringify({ runId: driver.runId, ids }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = (async () => {
    for await (const line of createInterface({ input: child.stdout })) return JSON.parse(line) as { runId?: string; ids: string[] };
    throw new Error('the owner process exited before starting its containers');
  })();
  return { child, ready };
}

async function runContainers(runId: string): Promise<number> {
  const found = await connectDocker().docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  return found.length;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const skip = await dockerSkipReason('cleanup');

describe('cleanup (docker)', { skip: skip ?? false }, () => {
  test('after the owner is killed with SIGKILL its containers remain, and label cleanup removes all of them', async () => {
    const { child, ready } = startOwner('docker', 2);
    const { runId } = await ready;
    assert.ok(runId);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(await runContainers(runId), 2);
    assert.equal(await removeContainers(connectDocker(), [`${RUN_LABEL}=${runId}`]), 2);
    assert.equal(await runContainers(runId), 0);
  });

  test('SIGINT removes the owner\'s containers before it exits with 130', async () => {
    const { child, ready } = startOwner('docker', 2);
    const { runId } = await ready;
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 130);
    assert.equal(await runContainers(runId!), 0);
  });
});

test('node-process runtimes exit when their parent is killed with SIGKILL', async () => {
  const { child, ready } = startOwner('node-process', 2);
  const pids = (await ready).ids.map((id) => Number(id.replace('node-process-', '')));
  assert.ok(pids.every(alive));
  child.kill('SIGKILL');
  await once(child, 'exit');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(pids.filter(alive), []);
});
