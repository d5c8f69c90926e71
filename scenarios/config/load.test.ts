import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenarioConfig, ScenarioConfigError } from './load.js';
import { scenarioNames } from './schemas.js';

test('every checked-in scenario config validates, with and without --quick', () => {
  for (const name of scenarioNames) {
    assert.equal(loadScenarioConfig(name).scenario, name);
    assert.equal(loadScenarioConfig(name, { quick: true }).scenario, name);
  }
});

test('--quick merges the quick block and --set overrides nested fields with JSON values', () => {
  const config = loadScenarioConfig('coldstart', {
    quick: true,
    set: ['repetitions=5', 'platform.userMemoryMb=2048', 'action=noop'],
  });
  assert.equal(config.scenario, 'coldstart');
  if (config.scenario !== 'coldstart') return;
  assert.equal(config.maxConcurrency, 3);
  assert.equal(config.repetitions, 5);
  assert.equal(config.platform.userMemoryMb, 2048);
  assert.equal(config.action, 'noop');
});

test('a minimal config gets every default filled in', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-config-'));
  const file = path.join(dir, 'mine.json');
  writeFileSync(file, '{"scenario":"coldstart"}');
  const config = loadScenarioConfig(file, { seed: 42 });
  assert.deepEqual(config.runtimes, ['wasm', 'docker']);
  assert.equal(config.seed, 42);
  if (config.scenario === 'coldstart') assert.equal(config.repetitions, 10);
});

test('bad input is a ScenarioConfigError naming the problem', () => {
  assert.throws(
    () => loadScenarioConfig('nope'),
    (e: unknown) => e instanceof ScenarioConfigError && /unknown scenario 'nope'/.test(e.message),
  );
  assert.throws(() => loadScenarioConfig('coldstart', { set: ['repetitions=0'] }), /\/repetitions must be >= 1/);
  assert.throws(() => loadScenarioConfig('coldstart', { set: ['bogus=1'] }), /coldstart has no setting 'bogus'/);
  assert.throws(() => loadScenarioConfig('coldstart', { set: ['norhs'] }), /--set expects key=value/);
  const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-config-'));
  writeFileSync(path.join(dir, 'bad.json'), '{not json');
  assert.throws(() => loadScenarioConfig(path.join(dir, 'bad.json')), /cannot read scenario config/);
});

test('--set takes plain values as typed: numbers, booleans, comma lists, nested keys; JSON still works', () => {
  const config = loadScenarioConfig('warm', {
    set: ['iterations=7', 'codeCache=true', 'runtimes=wasm,docker', 'actions=hash', 'params.hash.iterations=200'],
  });
  if (config.scenario !== 'warm') return assert.fail('a warm config');
  assert.equal(config.iterations, 7);
  assert.equal(config.codeCache, true);
  assert.deepEqual(config.runtimes, ['wasm', 'docker']);
  assert.deepEqual(config.actions, ['hash']);
  assert.equal(config.params['hash']!['iterations'], 200);
  assert.deepEqual(loadScenarioConfig('warm', { set: ['runtimes=["wasm"]'] }).runtimes, ['wasm']);
  assert.equal(loadScenarioConfig('coldstart', { set: ['action=noop'] }).scenario, 'coldstart');
});

test('a misspelled --set key lists the settings and suggests the nearest; the message blames --set, not the file', () => {
  const message = (set: string): string => {
    try {
      loadScenarioConfig('coldstart', { set: [set] });
    } catch (error) {
      assert.ok(error instanceof ScenarioConfigError);
      return error.message;
    }
    return assert.fail(`--set ${set} was accepted`);
  };
  const typo = message('repetitons=5');
  assert.match(typo, /^--set repetitons=5: coldstart has no setting 'repetitons' \(did you mean 'repetitions'\?\)/);
  assert.match(typo, /its settings: runtimes, engines, .*maxConcurrency, repetitions/);
  assert.doesNotMatch(typo, /configs\/coldstart\.json|additional properties/);
  assert.match(
    message('platform.userMemry=5'),
    /did you mean 'platform.userMemoryMb'\?.*under 'platform': userMemoryMb, prewarmCount/,
  );
  const enumError = message('runtimes=wasm,dokcer');
  assert.match(
    enumError,
    /--set runtimes=wasm,dokcer: \/runtimes\/1 must be equal to one of the allowed values: "wasm", "docker", "node-process"/,
  );
  assert.doesNotMatch(enumError, /configs\/coldstart\.json/);
  assert.match(message('codeCache=yes'), /--set codeCache=yes: \/codeCache must be boolean/);
});

test('baseline: fresh-container by default, openwhisk-default by --set, anything else refused naming the choices', () => {
  const plain = loadScenarioConfig('coldstart', { quick: true });
  assert.equal(plain.scenario === 'coldstart' && plain.baseline, 'fresh-container');
  const stem = loadScenarioConfig('coldstart', { quick: true, set: ['baseline=openwhisk-default'] });
  assert.equal(stem.scenario === 'coldstart' && stem.baseline, 'openwhisk-default');
  assert.throws(
    () => loadScenarioConfig('coldstart', { set: ['baseline=openwhisk'] }),
    (e: unknown) =>
      e instanceof ScenarioConfigError &&
      e.code === 'ERR_SCENARIO_CONFIG' &&
      e.userFixable === true &&
      e.message.includes('/baseline') &&
      e.message.includes('fresh-container') &&
      e.message.includes('openwhisk-default'),
  );
  // Only the cold-start scenario has the setting: elsewhere it is an unknown key, not silently ignored.
  assert.throws(() => loadScenarioConfig('warm', { set: ['baseline=openwhisk-default'] }), ScenarioConfigError);
});

test("the schema's baselines are the data model's variants (the two layers cannot import each other)", async () => {
  const { coldstartBaselines } = await import('./schemas.js');
  const { baselineVariants } = await import('../../model/results/baseline-variants.js');
  assert.deepEqual([...coldstartBaselines], [...baselineVariants]);
});
