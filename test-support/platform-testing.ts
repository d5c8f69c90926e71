// Helpers for tests of the platform through the real `openwhisk` client: a platform on an ephemeral loopback port
// with fake containers, raw requests, and the rejection the client throws.
import openwhisk from 'openwhisk';
import { FakeFactory } from './fake-factory.js';
import { guestKey, type PlatformOptions } from '../platform/options.js';
import { startPlatformWithFactories, type RunningPlatform } from '../platform/server.js';
import type { ActivationRecord, OwEvalAnnotation } from '../platform/types.js';

export async function platform(t: { after: (fn: () => Promise<void>) => void }, options: PlatformOptions = {}) {
  const factory = new FakeFactory();
  const running = await startPlatformWithFactories({
    port: 0,
    factories: { wasm: factory, nodejs: factory },
    ...options,
  });
  t.after(() => running.close());
  const ow = openwhisk({ apihost: running.url, api_key: guestKey });
  return { running, factory, ow };
}

export const annotation = (record: ActivationRecord, key: string): unknown =>
  record.annotations.find((a) => a.key === key)?.value;
export const owEval = (record: ActivationRecord): OwEvalAnnotation => annotation(record, 'ow-eval') as OwEvalAnnotation;

export async function raw(
  running: RunningPlatform,
  method: string,
  path: string,
  body?: string,
  auth = guestKey,
): Promise<Response> {
  const authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  const headers = { authorization, 'content-type': 'application/json' };
  return fetch(`${running.url}${path}`, { method, body, headers });
}

export interface ClientError {
  statusCode: number;
  error: Record<string, unknown>;
  message: string;
}

export async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('expected the call to fail');
}
