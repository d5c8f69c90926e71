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
  assert.throws(() => loadScenarioConfig('coldstart', { set: ['bogus=1'] }), /additional properties 'bogus'/);
  assert.throws(() => loadScenarioConfig('coldstart', { set: ['norhs'] }), /--set expects key=value/);
  const dir = mkdtempSync(path.join(tmpdir(), 'ow-eval-config-'));
  writeFileSync(path.join(dir, 'bad.json'), '{not json');
  assert.throws(() => loadScenarioConfig(path.join(dir, 'bad.json')), /cannot read scenario config/);
});
