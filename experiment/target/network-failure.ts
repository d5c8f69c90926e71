// What a failed request to an OpenWhisk API host says to the user: which host, the system's own error code
// (ECONNREFUSED, ENOTFOUND, a TLS code), what that usually means, and which setting to check. Node's fetch reports every
// one of these as `TypeError: fetch failed`, with the system error in `cause` (for a name with several addresses, an
// AggregateError whose `errors` each carry a code), so the code is dug out from there.
import { errorCode } from '../../errors/ow-eval-error.js';

export interface NetworkFailure {
  /** The system or TLS error code, e.g. ECONNREFUSED; undefined when none was given. */
  code: string | undefined;
  /** One sentence: what happened at which host, and what it usually means. */
  text: string;
}

const tlsCodes = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** The first error code in `error`'s cause chain (or in an AggregateError's `errors`). */
export function systemCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const own = errorCode(error);
  if (own && own !== 'ERR_TARGET_UNREACHABLE') return own;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors))
    for (const inner of errors) {
      const code = systemCode(inner, depth + 1);
      if (code) return code;
    }
  return systemCode((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Ports the Fetch standard forbids (https://fetch.spec.whatwg.org/#port-blocking): Node's fetch fails on them before
 * connecting, with no error code, so `127.0.0.1:1` would otherwise read as a bare "fetch failed".
 */
const badPorts = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export function describeNetworkFailure(error: unknown, url: string): NetworkFailure {
  const code = systemCode(error);
  const { host, port } = new URL(url);
  if (code === undefined && port !== '' && badPorts.has(Number(port)))
    return {
      code: 'ERR_BAD_PORT',
      text: `Node's fetch never connects to port ${port} (a port the Fetch standard blocks): nothing was tried at ${host}; is the port right?`,
    };
  const what = (() => {
    switch (code) {
      case 'ECONNREFUSED':
        return `connection refused (ECONNREFUSED): nothing listens on ${host}`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `the name ${new URL(url).hostname} does not resolve (${code})`;
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return `no answer from ${host} (${code}): a firewall, or the wrong address`;
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
        return `${host} closed the connection (${code}): often http:// against an https port, or a proxy`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `no route to ${host} (${code})`;
      default:
        if (code && tlsCodes.has(code))
          return `TLS failed at ${host} (${code}): a self-signed or mismatched certificate (set __OW_IGNORE_CERTS=true or INSECURE_SSL=true in ~/.wskprops to accept it), or https:// against a plain-http port`;
        return `the request to ${host} failed${code ? ` (${code})` : ''}: ${(error as Error)?.message ?? String(error)}`;
    }
  })();
  return { code, text: what };
}

/** Where the API host came from, as the flag or setting a user would change. */
export function apihostSetting(source: 'embedded' | 'flags' | 'env' | 'wskprops'): string {
  switch (source) {
    case 'flags':
      return '--apihost';
    case 'env':
      return 'the __OW_API_HOST environment variable';
    case 'wskprops':
      return 'APIHOST in ~/.wskprops (or WSK_CONFIG_FILE)';
    case 'embedded':
      return 'the embedded platform (a bug: please report it)';
  }
}

/** Where the API key came from, as the flag or setting a user would change. */
export function authSetting(source: 'embedded' | 'flags' | 'env' | 'wskprops'): string {
  switch (source) {
    case 'flags':
      return '--auth (uuid:key)';
    case 'env':
      return 'the __OW_API_KEY environment variable';
    case 'wskprops':
      return 'AUTH in ~/.wskprops (or WSK_CONFIG_FILE)';
    case 'embedded':
      return 'the embedded platform (a bug: please report it)';
  }
}
