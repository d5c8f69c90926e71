// Deploying the benchmark actions a scenario needs, once per runtime unit, under run-unique names.
import type { ScenarioConfig } from '../../scenarios/config/schemas.js';
import type { RuntimeUnit, ScenarioContext } from './scenario.js';
import { actionAnnotations } from './action-code.js';
import { withNonce } from './distinct-code.js';

export function deployedName(context: ScenarioContext, unit: RuntimeUnit, action: string, suffix = ''): string {
  return `${context.namePrefix}-${unit.tag}-${action}${suffix}`;
}

export async function deployAction(
  context: ScenarioContext<ScenarioConfig>,
  unit: RuntimeUnit,
  action: string,
  options: { suffix?: string; concurrency?: number; variant?: string; nonce?: string; sameBytes?: boolean } = {},
): Promise<string> {
  const name = deployedName(context, unit, action, options.suffix);
  const code = context.actionCode(action, unit, options.variant);
  await unit.target.deploy({
    name,
    kind: unit.kind,
    ...(unit.image === undefined ? {} : { image: unit.image }),
    // Without the code cache every deployed copy has bytes of its own (distinct-code.ts); the name is run-unique.
    // `sameBytes`: a runtime started from a snapshot of this exact code compares it at /init and evaluates nothing.
    code: context.config.codeCache || options.sameBytes === true ? code : withNonce(code, options.nonce ?? name),
    memoryMb: context.config.memoryMb,
    timeoutMs: context.config.timeoutMs,
    concurrency: options.concurrency ?? 1,
    annotations: actionAnnotations(action, unit),
  });
  return name;
}

export function unitFields(unit: RuntimeUnit): { runtime: RuntimeUnit['runtime']; engine?: string } {
  return { runtime: unit.runtime, ...(unit.engine ? { engine: unit.engine } : {}) };
}
