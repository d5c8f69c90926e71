// The target flags `run` and `reproduce` share, declared once so the two commands cannot drift apart.
import type { Command } from 'commander';
import { EXECUTOR_IMAGE_TAG } from '../experiment/images/image-tags.js';

/** Adds --apihost, --auth, --remote, --as-openwhisk, --wasm-image and --baseline (experiment/runner's TargetFlags). */
export function withTargetOptions(command: Command): Command {
  return command
    .option('--apihost <url>', 'a real OpenWhisk (default: the embedded platform; also __OW_API_HOST or ~/.wskprops)')
    .option('--auth <uuid:key>', 'credentials for --apihost (also __OW_API_KEY or ~/.wskprops)')
    .option('--remote', 'use the OpenWhisk named by __OW_API_HOST/__OW_API_KEY or ~/.wskprops', false)
    .option('--as-openwhisk', 'treat an ow-eval platform at --apihost like a real OpenWhisk (no admin hooks)', false)
    .option(
      '--wasm-image <image>',
      'the executor image wasm runs in on a target without wasm:0.1 (as blackbox actions)',
      EXECUTOR_IMAGE_TAG,
    )
    .option(
      '--baseline <variant>',
      'what runs nodejs:20 on the embedded platform: docker (default when usable) or node-process',
    );
}
