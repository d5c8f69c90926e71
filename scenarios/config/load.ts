// Loads a scenario config: the checked-in JSON (or a user's file), its `quick` block with --quick, each --set
// override, then schema validation that fills every default in. The resolved config goes into the run manifest.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { scenarioNames, schemas, type ScenarioConfig, type ScenarioName } from './schemas.js';
import { didYouMean, lookUpKey, parseSetValue, type SchemaNode } from './set-override.js';
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
  const sets = (options.set ?? []).map((assignment) => applySet(config, assignment));
  if (options.seed !== undefined) config.seed = options.seed;
  return validateScenarioConfig(config, file, sets);
}

/** One applied `--set`: the JSON-pointer path it wrote, so a validation error there names `--set`, not the file. */
interface AppliedSet {
  assignment: string;
  pointer: string;
}

export function validateScenarioConfig(
  config: Record<string, unknown>,
  origin = 'config',
  sets: readonly AppliedSet[] = [],
): ScenarioConfig {
  const name = config.scenario;
  if (typeof name !== 'string' || !(scenarioNames as readonly string[]).includes(name)) {
    throw new ScenarioConfigError(
      `${origin}: "scenario" must be one of ${scenarioNames.join(', ')}; got ${JSON.stringify(name)}`,
    );
  }
  const validate = ajv.compile(schemas[name as ScenarioName] as object);
  const copy = structuredClone(config);
  if (!validate(copy)) {
    const errors = validate.errors ?? [];
    // The last --set that wrote at or above the failing field is what the user typed wrong.
    const setFor = (path: string) =>
      [...sets].reverse().find((s) => path === s.pointer || path.startsWith(`${s.pointer}/`));
    const problems = errors.map((e) => {
      const params = e.params as { additionalProperty?: string; allowedValues?: unknown[] };
      const allowed = params.allowedValues ? `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
      const extra = params.additionalProperty === undefined ? '' : ` '${String(params.additionalProperty)}'`;
      const where = setFor(e.instancePath);
      const problem = `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${extra}${allowed}`;
      return where ? `--set ${where.assignment}: ${problem}` : problem;
    });
    const fromSet = errors.every((e) => setFor(e.instancePath));
    throw new ScenarioConfigError(
      fromSet
        ? `invalid ${name} config: ${problems.join('; ')}`
        : `${origin}: invalid ${name} config: ${problems.join('; ')}`,
    );
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

function applySet(config: Record<string, unknown>, assignment: string): AppliedSet {
  const eq = assignment.indexOf('=');
  if (eq <= 0)
    throw new ScenarioConfigError(
      `--set expects key=value (e.g. --set repetitions=5, --set runtimes=wasm,docker), got '${assignment}'`,
    );
  const keys = assignment.slice(0, eq).split('.');
  const text = assignment.slice(eq + 1);
  const scenario = config.scenario;
  const schema = (scenarioNames as readonly unknown[]).includes(scenario)
    ? (schemas[scenario as ScenarioName] as unknown as SchemaNode)
    : undefined;
  const found = schema ? lookUpKey(schema, keys) : { node: undefined };
  if ('unknown' in found) {
    const guess = didYouMean(found.unknown, found.known);
    throw new ScenarioConfigError(
      `--set ${assignment}: ${String(scenario)} has no setting '${[found.at, found.unknown].filter(Boolean).join('.')}'` +
        `${guess ? ` (did you mean '${[found.at, guess].filter(Boolean).join('.')}'?)` : ''}; ` +
        `its settings${found.at ? ` under '${found.at}'` : ''}: ${found.known.filter((k) => k !== 'scenario').join(', ')}`,
    );
  }
  const value = parseSetValue(text, found.node);
  let target = config;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (next === undefined) target[key] = {};
    else if (!isObject(next)) throw new ScenarioConfigError(`--set ${assignment}: '${key}' is not an object`);
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = value;
  return { assignment, pointer: `/${keys.join('/')}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
