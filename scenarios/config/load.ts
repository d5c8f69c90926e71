// Loads a scenario config: the checked-in JSON (or a user's file), its `quick` block with --quick, each --set
// override, then schema validation that fills every default in. The resolved config goes into the run manifest.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { scenarioNames, schemas, type ScenarioConfig, type ScenarioName } from './schemas.js';
import { OwEvalError } from '../../errors/ow-eval-error.js';

/** A scenario config (the shipped file with the user's `--set` overrides) does not validate: user-fixable. */
export class ScenarioConfigError extends OwEvalError {
  constructor(message: string) {
    super('ERR_SCENARIO_CONFIG', message, { userFixable: true });
  }
}

export interface LoadOptions {
  /** Merge the config's `quick` block: a short smoke version. @default false */
  quick?: boolean;
  /** `key=value` overrides; dotted keys reach nested fields; values are JSON when they parse, strings otherwise. */
  set?: string[];
  seed?: number;
}

/** Folder of the checked-in configs (scenarios/configs/ in the source tree, next to dist/). */
export const configsDir = fileURLToPath(new URL('../../../scenarios/configs/', import.meta.url));

export function loadScenarioConfig(nameOrFile: string, options: LoadOptions = {}): ScenarioConfig {
  const file = resolveConfigFile(nameOrFile);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScenarioConfigError(`cannot read scenario config ${file}: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new ScenarioConfigError(`scenario config ${file} must be a JSON object`);
  const { quick, ...config } = raw;
  if (options.quick) {
    if (quick !== undefined && !isObject(quick)) throw new ScenarioConfigError(`"quick" in ${file} must be an object`);
    Object.assign(config, quick ?? {});
  }
  for (const assignment of options.set ?? []) applySet(config, assignment);
  if (options.seed !== undefined) config.seed = options.seed;
  return validateScenarioConfig(config, file);
}

export function validateScenarioConfig(config: Record<string, unknown>, origin = 'config'): ScenarioConfig {
  const name = config.scenario;
  if (typeof name !== 'string' || !(scenarioNames as readonly string[]).includes(name)) {
    throw new ScenarioConfigError(
      `${origin}: "scenario" must be one of ${scenarioNames.join(', ')}; got ${JSON.stringify(name)}`,
    );
  }
  const validate = ajv.compile(schemas[name as ScenarioName] as object);
  const copy = structuredClone(config);
  if (!validate(copy)) {
    const problems = (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`,
    );
    throw new ScenarioConfigError(`${origin}: invalid ${name} config: ${problems.join('; ')}`);
  }
  return copy as unknown as ScenarioConfig;
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });

function resolveConfigFile(nameOrFile: string): string {
  if ((scenarioNames as readonly string[]).includes(nameOrFile)) return path.join(configsDir, `${nameOrFile}.json`);
  if (existsSync(nameOrFile)) return path.resolve(nameOrFile);
  throw new ScenarioConfigError(
    `unknown scenario '${nameOrFile}': expected one of ${scenarioNames.join(', ')}, or the path of a config file`,
  );
}

function applySet(config: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ScenarioConfigError(`--set expects key=value, got '${assignment}'`);
  const keys = assignment.slice(0, eq).split('.');
  const text = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  let target = config;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (next === undefined) target[key] = {};
    else if (!isObject(next)) throw new ScenarioConfigError(`--set ${assignment}: '${key}' is not an object`);
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
