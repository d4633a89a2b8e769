// The one undici dispatcher every transfer shares, so parts to the same bucket reuse
// keep-alive connections instead of paying a TCP and TLS handshake per request.

import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** Connections per origin unless configured otherwise; also the useful upper bound of parts in flight to one bucket. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 16;

/** Idle time in ms after which a pooled connection is closed (undici's default is 4 s). */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export interface HttpAgentOptions {
  /** Maximum open connections to one origin. */
  connectionsPerOrigin?: number;
  /**
   * Proxy use: `'env'` reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY; an object sets them
   * explicitly; `'none'` (the default) connects directly.
   */
  proxy?: 'none' | 'env' | { httpProxy?: string; httpsProxy?: string; noProxy?: string };
  /** PEM file of extra certificate authorities, trusted in addition to Node's bundled roots. */
  caFile?: string;
}

/** Builds the shared dispatcher. Throws when `caFile` cannot be read or the options are invalid. */
export function createHttpAgent(options: HttpAgentOptions = {}): Dispatcher {
  const connections = options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN;
  if (!Number.isSafeInteger(connections) || connections < 1) {
    throw new RangeError(
      `Invalid connectionsPerOrigin ${String(connections)}: expected a whole number of 1 or more, such as ${DEFAULT_CONNECTIONS_PER_ORIGIN}.`,
    );
  }

  const tls =
    options.caFile === undefined ? {} : { ca: [...rootCertificates, readCa(options.caFile)] };
  const common = {
    connections,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connect: tls,
  };

  const proxy = options.proxy ?? 'none';
  if (proxy === 'none') return new Agent(common);

  // EnvHttpProxyAgent reads the environment for every field the explicit object leaves out.
  const explicit = proxy === 'env' ? {} : proxy;
  return new EnvHttpProxyAgent({ ...common, ...explicit, requestTls: tls, proxyTls: tls });
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Failed to read the CA bundle ${path}: ${(error as Error).message}. Pass a readable PEM file as caFile.`,
      { cause: error },
    );
  }
}
