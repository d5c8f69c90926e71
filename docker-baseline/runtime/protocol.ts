// The action-runtime protocol as OpenWhisk's invoker speaks it (docs/openwhisk-protocols.md §2.1–2.3), declared once.
// Types only plus the few constants both sides need; the runtime validates incoming JSON in service.ts.

/** Printed once to stdout and once to stderr at the end of every activation (and after a failed init). */
export const ACTIVATION_LOG_SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

/** express.json({ limit: "48mb" }) in the reference runtime: "mb" means MiB there. */
export const BODY_LIMIT_BYTES = 48 * 1024 * 1024;

/** `POST /init` body. The invoker always sends `value`; tests also send `{}` or `code: null`. */
export interface InitRequest {
  value?: {
    name?: string;
    main?: string;
    code?: string;
    binary?: boolean;
    env?: Record<string, unknown> | null;
  };
}

/** `POST /run` body. Every other string-valued top-level key is exported as `__OW_<KEY>`. */
export interface RunRequest {
  value?: Record<string, unknown> | unknown[] | null;
  namespace?: string;
  action_name?: string;
  action_version?: string;
  activation_id?: string;
  transaction_id?: string;
  deadline?: string;
  api_key?: string;
  [other: string]: unknown;
}

/** What a handler returns, never throws; server.ts is the one adapter that writes it to HTTP. */
export interface RuntimeReply {
  status: number;
  body: unknown;
}

export type RuntimeStatus = 'ready' | 'starting' | 'running' | 'stopped';
