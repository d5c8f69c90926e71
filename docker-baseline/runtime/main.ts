// The runtime's process entry (the image's CMD, the node-process variant, `ow-eval baseline serve`); the body is in
// process-entry.ts, which a runtime started from a startup snapshot loads by itself.
import { runRuntimeProcess } from './process-entry.js';

await runRuntimeProcess();
