// Waits for an activation record that is written asynchronously (a fired rule's action, a trigger's record): tests.
import { setTimeout as sleep } from 'node:timers/promises';
import type openwhisk from 'openwhisk';
import type { ActivationRecord } from '../platform/types.js';

/** Polls `activations.get` every `everyMs` until the record exists; throws after `tries` attempts. */
export async function waitForActivation(
  ow: ReturnType<typeof openwhisk>,
  id: string,
  tries = 600,
  everyMs = 50,
): Promise<ActivationRecord> {
  for (let i = 0; i < tries; i++) {
    try {
      return (await ow.activations.get({ name: id })) as unknown as ActivationRecord;
    } catch {
      await sleep(everyMs);
    }
  }
  throw new Error(`activation ${id} never appeared`);
}
