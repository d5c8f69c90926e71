// Scenario name → its experiment logic.
import type { ScenarioConfig, ScenarioName } from '../../scenarios/config/schemas.js';
import { chainScenario } from './chain.js';
import { coldstartScenario } from './coldstart.js';
import { concurrencyScenario } from './concurrency.js';
import { memoryScenario } from './memory.js';
import { primeScenario } from './prime.js';
import { realisticScenario } from './realistic.js';
import { snapshotScenario } from './snapshot.js';
import type { ScenarioRunner } from './scenario.js';
import { warmScenario } from './warm.js';

const runners: { [K in ScenarioName]: ScenarioRunner<Extract<ScenarioConfig, { scenario: K }>> } = {
  coldstart: coldstartScenario,
  warm: warmScenario,
  concurrency: concurrencyScenario,
  realistic: realisticScenario,
  memory: memoryScenario,
  prime: primeScenario,
  chain: chainScenario,
  snapshot: snapshotScenario,
};

export function runnerFor<C extends ScenarioConfig>(config: C): ScenarioRunner<C> {
  return runners[config.scenario] as unknown as ScenarioRunner<C>;
}
