// `ow-eval baseline doctor`: can the Docker baseline run here? Checks the engine, its cgroup setup, the image,
// and one real container (host networking on 127.0.0.1, /init + /run), and says how to fix what fails.
import { checkDocker, connectDocker } from './docker-client.js';
import { DockerDriver } from './docker-driver.js';
import { inspectBaselineImage, runtimeHash } from './image.js';
import { DEFAULT_IMAGE_TAG } from './labels.js';

export interface DoctorReport {
  dockerUsable: boolean;
  lines: string[];
}

export async function diagnoseBaseline(options: { socketPath?: string; tag?: string } = {}): Promise<DoctorReport> {
  const connection = connectDocker(options.socketPath);
  const tag = options.tag ?? DEFAULT_IMAGE_TAG;
  const lines: string[] = [];
  const availability = await checkDocker(connection);
  if (!availability.ok) {
    lines.push(`docker      NOT USABLE: ${availability.reason}`, `            fix: ${availability.fix}`);
    lines.push('fallback    the node-process baseline works without Docker (labelled node-process everywhere)');
    return { dockerUsable: false, lines };
  }
  lines.push(`docker      ${availability.version} at ${connection.endpoint}`);
  const info = (await connection.docker.info()) as {
    CgroupVersion?: string;
    CgroupDriver?: string;
    Driver?: string;
    MemoryLimit?: boolean;
    SwapLimit?: boolean;
  };
  lines.push(
    `engine      storage ${info.Driver}, cgroup v${info.CgroupVersion ?? '?'} (${info.CgroupDriver ?? '?'}), memory limit ${info.MemoryLimit ? 'yes' : 'NO'}, swap limit ${info.SwapLimit ? 'yes' : 'no (--memory-swap is ignored)'}`,
  );

  const image = await inspectBaselineImage(connection, tag);
  if (!image) {
    lines.push(`image       ${tag} missing; fix: npx ow-eval baseline build (offline, about 100 MB)`);
    return { dockerUsable: true, lines };
  }
  const current = runtimeHash(image.base.startsWith('scratch') ? undefined : image.base) === image.runtimeHash;
  lines.push(
    `image       ${tag} ${image.id.slice(7, 19)} (${image.base}, ${(image.sizeBytes / 1e6).toFixed(1)} MB)${current ? '' : ' STALE: rebuild with npx ow-eval baseline build'}`,
  );

  const driver = new DockerDriver(connection, image.id);
  try {
    const container = await driver.start({ name: 'doctor', memoryMb: 256, userMemoryMb: 1024 });
    const init = await container.init(
      { value: { name: 'doctor', main: 'main', code: 'function main(a) { return a }', binary: false } },
      10_000,
    );
    const run = await container.run({ value: { ok: true } }, 10_000);
    const ok = init.status === 200 && run.status === 200;
    const { createMs, startMs, readyMs } = container.startup;
    lines.push(
      `container   ${ok ? 'ok' : `FAILED (init ${init.status}, run ${run.status})`}: ${container.socketPath === undefined ? `host network on ${container.url}` : `no network, runtime on ${container.socketPath}`}, create ${createMs.toFixed(0)} ms, start ${startMs.toFixed(0)} ms, ready ${readyMs.toFixed(0)} ms`,
    );
    return { dockerUsable: ok, lines };
  } catch (error) {
    lines.push(`container   FAILED: ${(error as Error).message}`);
    return { dockerUsable: false, lines };
  } finally {
    await driver.close();
  }
}
