// The `blackbox` kind: each action names an OpenWhisk-compatible runtime image that is already in the local Docker
// engine (never pulled), started through the baseline's Docker driver and driven with the standard /init + /run —
// as a vanilla OpenWhisk runs a blackbox action. One driver per image, created on first use.
import { createImageDriver, imageProblem } from '../../docker-baseline/driver.js';
import type { ContainerFactory, ContainerSpec, PlatformContainer } from '../invoker/container.js';
import { NodejsFactory } from './nodejs-factory.js';

export class BlackboxFactory implements ContainerFactory {
  readonly runtime = 'docker';
  readonly #perImage = new Map<string, Promise<NodejsFactory>>();

  constructor(private readonly settings: { userMemoryMb: number; apiHost: () => string }) {}

  imageProblem(image: string): Promise<string | undefined> {
    return imageProblem(image);
  }

  async create(spec: ContainerSpec): Promise<PlatformContainer> {
    const image = spec.image;
    if (image === undefined) throw new Error('a blackbox container needs an image');
    let factory = this.#perImage.get(image);
    if (factory === undefined) {
      factory = createImageDriver(image).then((driver) => new NodejsFactory(driver, this.settings));
      this.#perImage.set(image, factory);
      // A failure (image removed meanwhile) is not remembered: a `docker load` later makes the next activation work.
      factory.catch(() => this.#perImage.delete(image));
    }
    return (await factory).create(spec);
  }

  async close(): Promise<void> {
    const factories = await Promise.allSettled([...this.#perImage.values()]);
    await Promise.allSettled(factories.flatMap((f) => (f.status === 'fulfilled' ? [f.value.close()] : [])));
  }
}
