// Small helpers for the executor's HTTP tests.
import { zipSync } from 'fflate';

export interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

/** A zip whose entries keep the given order (the module first, as the fork packages actions). */
export function zip(entries: [string, Uint8Array][]): Uint8Array {
  return zipSync(Object.fromEntries(entries));
}

export function base64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64');
}

export function initBody(
  code: Uint8Array,
  annotations: Record<string, unknown> = {},
  env: Record<string, string> = {},
): unknown {
  return { value: { name: 'fixture', main: 'main', code: base64(code), binary: true, env, annotations } };
}

export function runBody(value: unknown, deadlineInMs = 10_000, extra: Record<string, unknown> = {}): unknown {
  return { value, deadline: String(Date.now() + deadlineInMs), ...extra };
}
