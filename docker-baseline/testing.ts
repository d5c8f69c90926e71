// Shared by this folder's tests: whether Docker tests run, skip with a reason, or must fail (OW_EVAL_REQUIRE_DOCKER=1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dockerAvailability } from './driver.js';

/**
 * undefined → run the Docker tests; a string → skip them with that reason. When Docker is required but missing,
 * also registers one failing test that says so, so the run fails with a clear message.
 */
export async function dockerSkipReason(suite: string): Promise<string | undefined> {
  const availability = await dockerAvailability();
  if (availability.ok) return undefined;
  const reason = `Docker unavailable: ${availability.reason} (${availability.fix})`;
  if (process.env.OW_EVAL_REQUIRE_DOCKER === '1') {
    test(`${suite}: Docker is available (required by OW_EVAL_REQUIRE_DOCKER=1)`, () => assert.fail(reason));
  } else {
    process.stderr.write(`# skipping ${suite} on Docker: ${reason}\n`);
  }
  return reason;
}
