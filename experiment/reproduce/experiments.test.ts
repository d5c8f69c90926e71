import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioConfig } from '../../scenarios/config/load.js';
import { experiments, settingsOf } from './experiments.js';

test("reproduce's cold-start run measures the openwhisk-default line on the embedded platform, not on a remote one", () => {
  const coldstart = experiments.find((e) => e.key === 'coldstart')!;
  for (const quick of [true, false]) {
    const embedded = loadScenarioConfig('coldstart', { set: settingsOf(coldstart, { quick, remote: false }) });
    assert.equal(embedded.scenario === 'coldstart' && embedded.baseline, 'openwhisk-default');
    const remote = loadScenarioConfig('coldstart', { set: settingsOf(coldstart, { quick, remote: true }) });
    assert.equal(remote.scenario === 'coldstart' && remote.baseline, 'fresh-container');
  }
  // The code-cache variant stays the thesis's two lines.
  const cached = experiments.find((e) => e.key === 'coldstartCodeCache')!;
  const config = loadScenarioConfig('coldstart', { set: settingsOf(cached, { quick: true, remote: false }) });
  assert.equal(config.scenario === 'coldstart' && config.baseline, 'fresh-container');
});
