// The process entry of the executor image: `ow-eval executor --mode runtime` without the CLI around it, the way an
// OpenWhisk invoker drives a runtime image — the standard /init + /run on PORT (default 8080), one action per
// container. It prints nothing of its own: the invoker reads the container's stdout/stderr as the actions' logs.
// HOST defaults to 127.0.0.1 like every ow-eval server; the image sets HOST=0.0.0.0, because an invoker reaches a
// container at its own bridge address (ow-eval's Docker driver, on host networking, passes HOST=127.0.0.1).
import { engines, type Engine } from './engine.js';
import { startExecutor } from './server.js';

const port = Number(process.env.PORT ?? 8080);
const engine = (process.env.OW_EVAL_ENGINE ?? 'tiered') as Engine;
if (!engines.includes(engine))
  throw new RangeError(`OW_EVAL_ENGINE must be one of ${engines.join(', ')}, got ${engine}`);
const executor = await startExecutor({ host: process.env.HOST ?? '127.0.0.1', port, mode: 'runtime', engine });
const stop = (): void => {
  void executor.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
