// The baseline's public surface: pick a variant, get a ContainerDriver. platform/ imports from here.
//   const driver = await createDriver('docker');            // builds the image first if it is missing or stale
//   const c = await driver.start({ name: 'guest_hello', memoryMb: 256, userMemoryMb: 1024, env: { __OW_API_HOST: api } });
//   await c.init({ value: { name: 'hello', main: 'main', code, binary: false, env: {} } }, 60_000);
//   const call = await c.run({ value: params, activation_id: id, deadline: String(Date.now() + 60_000) }, 60_000);
//   await driver.close();
import { checkDocker, connectDocker, type DockerAvailability } from './docker-client.js';
import { DockerDriver } from './docker-driver.js';
import type { BaselineVariant, ContainerDriver, ContainerNetwork } from './driver-types.js';
import { BaselineError } from './errors.js';
import { baselineRecipe, ensureBaselineImage, inspectBaselineImage } from './image.js';
import { DEFAULT_IMAGE_TAG } from './labels.js';
import { ProcessDriver } from './process-driver.js';

export type * from './driver-types.js';
export { BaselineError } from './errors.js';
export { removeOnSignal, cleanupContainers } from './cleanup.js';
export { liveContainers } from './docker-driver.js';

export interface CreateDriverOptions {
  /** Image tag or id for the docker variant. @default 'ow-eval/nodejs-baseline:latest' (built if missing or stale) */
  image?: string;
  /** @default DOCKER_HOST (unix://) or /var/run/docker.sock */
  socketPath?: string;
  /** The containers' network: `host` only when the operator allows actions the network. @default 'none' */
  network?: ContainerNetwork;
  /** The deadline of each Docker API call. @default DOCKER_CALL_TIMEOUT_MS (30 s) */
  callTimeoutMs?: number;
}

export async function createDriver(
  variant: BaselineVariant,
  options: CreateDriverOptions = {},
): Promise<ContainerDriver> {
  if (variant === 'node-process') return new ProcessDriver();
  const connection = connectDocker(
    options.socketPath,
    options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs },
  );
  const availability = await checkDocker(connection);
  if (!availability.ok)
    throw new BaselineError('ERR_DOCKER_UNAVAILABLE', `${availability.reason} (${availability.fix})`);
  if (options.image === undefined || options.image === DEFAULT_IMAGE_TAG) {
    const image = await ensureBaselineImage(connection, DEFAULT_IMAGE_TAG);
    return new DockerDriver(connection, image.id, options.network ?? 'none');
  }
  const image = await inspectBaselineImage(connection, options.image);
  if (!image)
    throw new BaselineError(
      'ERR_IMAGE_MISSING',
      `no image ${options.image} in this Docker engine; build one with \`ow-eval baseline build --tag ${options.image}\``,
    );
  // Only this runtime can listen on a Unix socket; any other image speaks TCP and keeps the host's network.
  const network = image.role === baselineRecipe.role ? (options.network ?? 'none') : 'host';
  return new DockerDriver(connection, image.id, network);
}

/**
 * A driver for any OpenWhisk-compatible runtime image already in the local engine (a `blackbox` action's image).
 * It is never pulled: a missing image is an ERR_IMAGE_MISSING that says how to load it.
 */
export async function createImageDriver(
  image: string,
  options: { socketPath?: string } = {},
): Promise<ContainerDriver> {
  const connection = connectDocker(options.socketPath);
  const availability = await checkDocker(connection);
  if (!availability.ok)
    throw new BaselineError('ERR_DOCKER_UNAVAILABLE', `${availability.reason} (${availability.fix})`);
  const found = await inspectBaselineImage(connection, image);
  if (!found) throw new BaselineError('ERR_IMAGE_MISSING', missingImage(image));
  // A blackbox image speaks TCP on its PORT only, so it keeps the host's network (docs/trust-model.md).
  return new DockerDriver(connection, found.id, 'host');
}

/** Why `image` cannot be started here, or undefined when it can. */
export async function imageProblem(image: string, options: { socketPath?: string } = {}): Promise<string | undefined> {
  const connection = connectDocker(options.socketPath);
  const availability = await checkDocker(connection);
  if (!availability.ok) return `Docker is unavailable: ${availability.reason} (${availability.fix})`;
  return (await inspectBaselineImage(connection, image)) ? undefined : missingImage(image);
}

function missingImage(image: string): string {
  return (
    `it is not in the local Docker engine and ow-eval never pulls; load it first (docker save ${image} | docker load, ` +
    'or docker load -i <file>)'
  );
}

export async function dockerAvailability(options: { socketPath?: string } = {}): Promise<DockerAvailability> {
  return checkDocker(connectDocker(options.socketPath));
}
