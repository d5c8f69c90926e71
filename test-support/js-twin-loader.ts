// Loads a JavaScript twin the way OpenWhisk's Node.js runtime loads a source action (evaluate the source, take the
// function named `main`) and runs it, for tests only.
import { readJsSource, type ActionName } from '../scenarios/actions/catalog.js';

export type ActionMain = (params: Record<string, unknown>) => unknown;

/** How a call ended, in the shapes of WasmOutcome: a result, `{error}` (an application error), or a throw. */
export type JsOutcome =
  { kind: 'ok'; value: unknown } | { kind: 'err'; error: unknown } | { kind: 'trap'; message: string };

export async function loadJsTwin(name: ActionName): Promise<ActionMain> {
  const source = await readJsSource(name);
  // Same realm as the tests, so deepStrictEqual sees ordinary objects; the source's top level becomes function scope.
  const body = `${source}\n;return typeof main === 'function' ? main : undefined;`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the action's source is this loader's job
  const load = new Function(body) as () => ActionMain | undefined;
  const main = load();
  if (typeof main !== 'function') throw new Error(`js/${name}.js defines no function main`);
  return main;
}

/** Calls `main` and classifies the result as the OpenWhisk Node.js runtime would (docs/openwhisk-protocols.md §2.2). */
export async function runJsTwin(main: ActionMain, params: Record<string, unknown>): Promise<JsOutcome> {
  let result: unknown;
  try {
    result = await main(params);
  } catch (error) {
    return { kind: 'trap', message: error instanceof Error ? error.message : String(error) };
  }
  if (typeof result === 'object' && result !== null && 'error' in result) return { kind: 'err', error: result };
  return { kind: 'ok', value: result ?? {} };
}
