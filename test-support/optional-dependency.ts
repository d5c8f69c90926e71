// The one way a test meets an optional dependency of the machine (a Docker engine, Debian's Chromium): run when it
// is there; skip with the reason and the fix when it is not; fail when the run requires it. CI requires both
// (`OW_EVAL_REQUIRE_DOCKER=1`, `OW_EVAL_REQUIRE_CHROMIUM=1` in .ci/run), so a missing install is a red build, never
// a silent skip.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { dockerAvailability } from '../docker-baseline/driver.js';

export type OptionalDependency = 'docker' | 'chromium';

const requireSwitch: Record<OptionalDependency, string> = {
  docker: 'OW_EVAL_REQUIRE_DOCKER',
  chromium: 'OW_EVAL_REQUIRE_CHROMIUM',
};

/** Debian's Chromium, or the binary OW_EVAL_CHROMIUM names. */
export const chromiumPath = process.env.OW_EVAL_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the run must fail rather than skip when `dependency` is missing. */
export function isRequired(dependency: OptionalDependency): boolean {
  return process.env[requireSwitch[dependency]] === '1';
}

async function missingBecause(dependency: OptionalDependency): Promise<string | undefined> {
  if (dependency === 'chromium')
    return existsSync(chromiumPath)
      ? undefined
      : `${chromiumPath} is missing (apt-get install chromium, or set OW_EVAL_CHROMIUM)`;
  const availability = await dockerAvailability();
  return availability.ok ? undefined : `Docker unavailable: ${availability.reason} (${availability.fix})`;
}

/**
 * undefined → run the tests of `suite`; a string → skip them with that reason (pass it as node:test's `skip`). When
 * the dependency is required but missing, also registers one failing test that says so, so the run fails with a
 * clear message instead of skipping.
 */
export async function skipReason(dependency: OptionalDependency, suite: string): Promise<string | undefined> {
  const reason = await missingBecause(dependency);
  if (reason === undefined) return undefined;
  if (isRequired(dependency)) {
    test(`${suite}: ${dependency} is available (required by ${requireSwitch[dependency]}=1)`, () =>
      assert.fail(reason));
  } else {
    process.stderr.write(`# skipping ${suite}: ${reason}\n`);
  }
  return reason;
}
