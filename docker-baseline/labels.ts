// How ow-eval marks what it creates in Docker, so `ow-eval cleanup` (and CI) can find it again.
import os from 'node:os';
import { randomBytes } from 'node:crypto';

/** Every container and image ow-eval creates carries this label; CI's cleanup filters on it too. */
export const MANAGED_LABEL = 'ow-eval.managed';
export const OWNER_LABEL = 'ow-eval.owner'; // "<hostname>:<pid>" of the process that created it
export const USER_LABEL = 'ow-eval.user'; // the OS user name of that process (shown by cleanup; liveness decides)
export const RUN_LABEL = 'ow-eval.run'; // one id per driver instance
export const VARIANT_LABEL = 'ow-eval.variant';
export const ROLE_LABEL = 'ow-eval.role'; // "action" | "reference" (bench's plain docker run) | "baseline-image"
export const RUNTIME_HASH_LABEL = 'ow-eval.runtime-hash';

export const DEFAULT_IMAGE_TAG = 'ow-eval/nodejs-baseline:latest';

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function ownerLabelValue(): string {
  return `${os.hostname()}:${process.pid}`;
}

export function userLabelValue(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`; // no passwd entry for this uid (a container, say)
  }
}

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*; OpenWhisk names look like wsk<invoker>_<n>_<ns>_<action>. */
export function containerName(requested: string, runId: string, sequence: number): string {
  const clean = requested
    .replace(/[^a-zA-Z0-9_.-]+/g, '_')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 100);
  return `ow-eval_${runId}_${sequence}${clean ? `_${clean}` : ''}`;
}

/** ContainerFactory.cpuShare: max(1024 / (userMemory / actionMemory), 2) with integer division, as the invoker does. */
export function cpuShares(userMemoryMb: number, actionMemoryMb: number): number {
  const ratio = Math.floor(userMemoryMb / actionMemoryMb);
  return Math.max(Math.floor(1024 / Math.max(ratio, 1)), 2);
}
