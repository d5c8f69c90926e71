// The standard OpenWhisk action-runtime protocol (docs/openwhisk-protocols.md §2.1–2.3) as the executor serves it in `--mode runtime`:
// one container per process, OpenWhisk-native results. Types only (import with `import type`).
//
//   POST /init  body InitRequest → 200 {"OK":true} | 403 {"error"} (no code, init twice, not ready) | 502 {"error"}
//   POST /run   body RunRequest  → 200 <result object> (an application error is 200 {"error": …})
//                                 | 403 {"error":"System not initialized."} | 502 {"error": <why the action failed>}
// After every /run (and a failed /init) the sentinel line XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX is written once to
// stdout and once to stderr, after the activation's own output.
import type { InitValue } from './fork.js';

export interface InitRequest {
  value: Omit<InitValue, 'code'> & { code?: string };
}

export interface RunRequest {
  value?: Record<string, unknown> | unknown[];
  namespace?: string;
  action_name?: string;
  action_version?: string;
  activation_id?: string;
  transaction_id?: string;
  api_key?: string;
  /** Epoch ms as a string; without it the action gets the default 60000 ms. */
  deadline?: string;
}

export type RuntimeReply =
  | { status: 200; body: Record<string, unknown> | unknown[] }
  | { status: 403 | 404 | 413 | 500 | 502; body: { error: string } };
