// Fault proxy: a reverse proxy on 127.0.0.1 in front of one storage stand-in (Azurite, Ceph
// RADOS Gateway or the GCS double). It injects network faults chosen by rules: resets, error
// statuses, stalls, slow links, corrupted bodies and missing ETags. Tests use it to check how the
// transfer engine recovers. It runs inside the test process and counts what passes through.
//
// How a client reaches the upstream: the proxy sends every end-to-end header on unchanged, the
// Host header included, and changes only where the TCP connection goes. A pre-signed URL stays
// valid when the Host that the client sends is the host it was signed for. Two set-ups do that:
//   1. Sign for the proxy: give the provider `proxy.url` as its endpoint (for Azurite,
//      `${proxy.url}/devstoreaccount1`). URLs then name the proxy, the client sends the proxy's
//      host:port as Host, and the store checks the signature against that same Host.
//   2. Keep URLs signed for the upstream and open the connections to the proxy instead, with
//      `connectThroughProxy(proxy)` from ./connect as the undici dispatcher.
// Replacing the origin of an upstream-signed URL with the proxy's breaks S3 SigV4 URLs, which
// sign host:port. The GCS double signs the host without the port and Azure SAS signs no host, so
// they would not notice.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { pino, type Logger } from 'pino';

import { handleExchange } from './exchange';
import { checkRules } from './rule-checks';
import { RuleSet, seededRandom, type FaultRule } from './rules';
import { StatsRecorder, type FaultProxyStats } from './stats';

export type { Fault, FaultKind, FaultRule, RequestMatch } from './rules';
export type { ExchangeOutcome, ExchangeRecord, FaultProxyStats } from './stats';

export interface FaultProxyOptions {
  /** Origin to forward to, `http://127.0.0.1:<port>`. Other hosts are rejected. */
  upstream: string;
  /** Default: no rules, so every request is forwarded as is. */
  rules?: FaultRule[];
  /** Seed of the random source for rules with a probability. Default 1. */
  seed?: number;
  /** Port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Cap on every stall in ms. A stall without `ms` lasts this long, then resets. Default 30000. */
  maxStallMs?: number;
  /** Maximum records in the request log. Older ones are dropped and counted. Default 10000. */
  maxLogEntries?: number;
  /** Logger for starts, stops, injected faults and upstream failures. Default: pino, level warn. */
  logger?: Logger;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** The upstream origin, `http://127.0.0.1:<port>`. */
  upstream: string;
  /** Replaces the rules and their fired counts. Requests already in flight keep their fault. */
  setRules(rules: FaultRule[]): void;
  stats(): FaultProxyStats;
  /** Clears the counters and the log. Requests in flight are not counted again. */
  resetStats(): void;
  /** Resolves once no request is in flight, or rejects after `timeoutMs` (default 10000). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Closes the listener and destroys every open connection. Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_STALL_MS = 30_000;
const DEFAULT_MAX_LOG_ENTRIES = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const IDLE_POLL_MS = 10;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = parseUpstream(options.upstream);
  const maxStallMs = options.maxStallMs ?? DEFAULT_MAX_STALL_MS;
  if (!(Number.isSafeInteger(maxStallMs) && maxStallMs > 0)) {
    throw new Error(`Invalid maxStallMs ${maxStallMs}: expected a whole number of ms above 0.`);
  }
  const random = seededRandom(options.seed ?? 1);
  checkRules(options.rules ?? [], maxStallMs);

  let rules = new RuleSet(options.rules ?? [], random);
  const stats = new StatsRecorder(options.maxLogEntries ?? DEFAULT_MAX_LOG_ENTRIES);
  const logger =
    options.logger ?? pino({ name: 'fault-proxy', level: 'warn' }, pino.destination(2));
  const stopController = new AbortController();
  const agent = new http.Agent({ keepAlive: false });

  const context = {
    upstream,
    agent,
    currentRules: () => rules,
    stats,
    maxStallMs,
    logger,
    stopSignal: stopController.signal,
  };
  const server = http.createServer((req, res) => {
    void handleExchange(context, req, res);
  });
  // Neither the listener nor an idle client connection may keep the test process running. While
  // a request is in flight, the client's own connection and the upstream connection keep it alive.
  server.on('connection', (socket) => socket.unref());

  await listen(server, options.port ?? 0);
  server.unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${HOST}:${port}`;
  logger.info({ url, upstream: upstream.origin }, 'fault proxy started');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    upstream: upstream.origin,
    setRules(next) {
      checkRules(next, maxStallMs);
      rules = new RuleSet(next, random);
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async waitForIdle(timeoutMs = DEFAULT_IDLE_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      while (stats.pendingCount > 0) {
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out after ${timeoutMs} ms waiting for ${stats.pendingCount} request(s) through the fault proxy at ${url}: check for a stalled client, or raise timeoutMs.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      }
    },
    stop() {
      stopping ??= stopServer(server, agent, stopController, url, { stats, logger });
      return stopping;
    },
  };
}

function parseUpstream(text: string): URL {
  const expected = `expected an origin such as http://${HOST}:10000`;
  let upstream: URL;
  try {
    upstream = new URL(text);
  } catch {
    throw new Error(`Invalid upstream "${text}": ${expected}.`);
  }
  // Tests must never send traffic off this machine, so only 127.0.0.1 is accepted.
  if (upstream.protocol !== 'http:' || upstream.hostname !== HOST || upstream.port === '') {
    throw new Error(`Invalid upstream "${text}": ${expected}, with http, ${HOST} and a port.`);
  }
  if (upstream.pathname !== '/' || upstream.search !== '' || upstream.username !== '') {
    throw new Error(
      `Invalid upstream "${text}": remove the path, query and user, e.g. ${upstream.origin}.`,
    );
  }
  return upstream;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      reject(
        new Error(
          `Fault proxy failed to listen on ${HOST}:${port} (${error.message}): pass another port, or omit it to pick a free one.`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function stopServer(
  server: http.Server,
  agent: http.Agent,
  stopController: AbortController,
  url: string,
  { stats, logger }: { stats: StatsRecorder; logger: Logger },
): Promise<void> {
  stopController.abort(new Error('The fault proxy stopped.'));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  agent.destroy();
  // Connections close asynchronously, so their records are settled here, before stop() resolves.
  stats.finishAllPending('stopped');
  await closed;
  logger.info({ url }, 'fault proxy stopped');
}
