// `GET /` as OpenWhisk's controller answers it (Controller.scala `info`, no auth): description, support, api_paths,
// limits, and `runtimes` by family as ExecManifest.Runtimes.toJson lists them — here with `--kinds` applied. Real
// OpenWhisk never lists `blackbox` there (it is a kind of its own, always accepted), so the kinds this platform offers,
// blackbox included, are also under `ow_eval.kinds`: a client can tell a platform that refuses blackbox.
import { limitBounds } from './action-input.js';
import { familyOf } from './kinds.js';
import type { ResolvedPlatformOptions } from '../options.js';

/** What each kind's runtime entry names as its image (informational: this platform pulls nothing). */
const images: Record<string, string> = {
  'nodejs:20': 'ow-eval/nodejs-baseline:latest',
  'wasm:0.1': 'ow-eval executor (fork protocol, one process)',
};

const MB = 1024 * 1024;

export function controllerInfo(options: ResolvedPlatformOptions): Record<string, unknown> {
  const runtimes: Record<string, unknown[]> = {};
  for (const kind of options.kinds) {
    if (kind === 'blackbox') continue;
    (runtimes[familyOf(kind)] ??= []).push({
      kind,
      image: images[kind] ?? kind,
      deprecated: false,
      default: true,
      attached: false,
      requireMain: false,
    });
  }
  const { throttles } = options;
  return {
    description: 'OpenWhisk',
    support: { github: 'https://github.com/apache/openwhisk/issues', slack: 'http://slack.openwhisk.org' },
    api_paths: ['/api/v1'],
    limits: {
      // Throttles that are off (the default here) are left out rather than given a number they do not have.
      ...(throttles.invocationsPerMinute === undefined ? {} : { actions_per_minute: throttles.invocationsPerMinute }),
      ...(throttles.concurrentInvocations === undefined ? {} : { concurrent_actions: throttles.concurrentInvocations }),
      min_action_duration: limitBounds.timeout.min,
      max_action_duration: limitBounds.timeout.max,
      min_action_memory: limitBounds.memory.min * MB,
      max_action_memory: limitBounds.memory.max * MB,
      min_action_logs: limitBounds.logs.min * MB,
      max_action_logs: limitBounds.logs.max * MB,
    },
    runtimes,
    ow_eval: { kinds: options.kinds },
  };
}
