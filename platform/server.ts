// startPlatformWithFactories(): the embedded OpenWhisk-compatible API (controller + invoker) on 127.0.0.1 over the
// container factories it is given (real ones from launch.ts, fake ones in tests); for the CLI, the
// harness's embedded target and the tests. Library code: it never prints.
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AllowedDirs } from '../executor/allowed-dirs.js';
import { ActivationStore } from './store/activation-store.js';
import type { PlatformContext } from './context.js';
import { EntityStore } from './store/entity-store.js';
import { EventStore } from './store/event-store.js';
import { errorReply, transactionId, writeReply } from './controller/http-io.js';
import { Invoker } from './invoker/invoker.js';
import { familyOf } from './controller/kinds.js';
import { resolvePlatformOptions, type PlatformOptions, type ResolvedPlatformOptions } from './options.js';
import { ContainerPool, type PoolState } from './invoker/container-pool.js';
import { route } from './controller/router.js';
import { installSystemCatalog } from './controller/system-catalog.js';
import { Throttle } from './controller/throttle.js';

export interface RunningPlatform {
  /** `http://127.0.0.1:<port>`: give this to the openwhisk client as `apihost`. */
  url: string;
  port: number;
  apiKey: string;
  namespace: string;
  options: ResolvedPlatformOptions;
  poolState(): PoolState;
  /** Stops accepting requests, waits for running activations, removes every container, closes the factories. */
  close(): Promise<void>;
}

export async function startPlatformWithFactories(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const resolved = resolvePlatformOptions(options);
  const pool = new ContainerPool({
    userMemoryMb: resolved.userMemoryMb,
    pauseGraceMs: resolved.pauseGraceMs,
    idleTimeoutMs: resolved.idleTimeoutMs,
    prewarm: resolved.prewarm,
    factoryFor: (kind) => resolved.factories[familyOf(kind)],
  });
  const ctx: PlatformContext = {
    options: resolved,
    allowedDirs: AllowedDirs.resolve(resolved.allowDirs),
    pool,
    invoker: new Invoker(pool, {
      provisionTimeoutMs: resolved.provisionTimeoutMs,
      callGraceMs: resolved.containerCallGraceMs,
      faults: resolved.faults,
    }),
    throttle: new Throttle(resolved.throttles),
    entities: new EntityStore(resolved.maxActions, resolved.maxCodeBytes),
    activations: new ActivationStore(resolved.maxActivations, resolved.maxActivationBytes),
    inFlight: new Set(),
    events: new EventStore(resolved.maxActions),
  };
  installSystemCatalog(ctx.entities);
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const arrivedAt = performance.now();
    const tid = transactionId(req);
    route(ctx, req, tid, arrivedAt)
      .then((reply) => writeReply(res, tid, reply))
      .catch((error: unknown) => {
        req.resume(); // an unread body must not stall the connection or make the client see EPIPE
        writeReply(res, tid, errorReply(error, tid));
      });
  });
  server.listen(resolved.port, '127.0.0.1');
  await once(server, 'listening');
  await pool.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey: resolved.auth,
    namespace: resolved.namespace,
    options: resolved,
    poolState: () => pool.state(),
    async close() {
      server.close();
      server.closeAllConnections();
      await Promise.allSettled([...ctx.inFlight]);
      await pool.close();
      await Promise.allSettled(Object.values(resolved.factories).map((f) => f?.close()));
    },
  };
}
