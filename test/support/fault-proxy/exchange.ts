// One request through the proxy: pick its fault, forward it or respond in place of the upstream,
// and record what happened. Every error ends up in the record, the log and the client's response.
import { once } from 'node:events';
import http, { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import type { Logger } from 'pino';

import { resetConnection } from './body-writes';
import { discardRequestBody, endToEndHeaders, sendRequestBody } from './request-side';
import { relayResponse, sendInjectedStatus } from './response-side';
import type { Fault, RuleSet } from './rules';
import type { ExchangeRecord, StatsRecorder } from './stats';

export interface ExchangeContext {
  upstream: URL;
  agent: http.Agent;
  currentRules(): RuleSet;
  stats: StatsRecorder;
  maxStallMs: number;
  logger: Logger;
  /** Aborted by stop(). */
  stopSignal: AbortSignal;
}

/** One request in flight. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Taken at the start, because Node detaches it from `req` when `req` is destroyed. */
  clientSocket: Socket;
  fault: Fault | null;
  record: ExchangeRecord;
  signal: AbortSignal;
}

export async function handleExchange(
  context: ExchangeContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = queryStart < 0 ? '' : target.slice(queryStart + 1);

  const { stats, logger } = context;
  const record = stats.begin(method, path);
  const fault = context.currentRules().pick({ method, path, query });
  record.fault = fault?.kind ?? null;
  // The query stays out of logs because it contains the signature of a pre-signed URL.
  const ids = { sequence: record.sequence, method, path };
  if (fault !== null) logger.debug({ ...ids, fault: fault.kind }, 'injecting fault');

  const clientSocket = req.socket;
  const clientGone = new AbortController();
  const signal = AbortSignal.any([clientGone.signal, context.stopSignal]);
  res.once('finish', () => stats.finish(record, 'completed'));
  res.once('close', () => {
    if (res.writableFinished) return;
    const outcome = context.stopSignal.aborted ? 'stopped' : 'client-closed';
    if (record.outcome === 'pending') {
      logger.debug({ ...ids, outcome }, 'connection closed before the response ended');
    }
    stats.finish(record, outcome);
    clientGone.abort(new Error('The client connection closed.'));
  });
  // Failures of the client's request stream surface through the awaits below.
  req.on('error', () => undefined);

  try {
    await runExchange(context, { req, res, clientSocket, fault, record, signal });
  } catch (error) {
    // A failure caused by the client leaving or by stop() is recorded by the close handler.
    if (signal.aborted || res.destroyed || clientSocket.destroyed) return;

    stats.finish(record, 'upstream-failed');
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ ...ids, error: reason }, 'upstream request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `Fault proxy: the request to ${context.upstream.origin} failed: ${reason}\n`;
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    record.status = 502;
    res.end(body);
  }
}

async function runExchange(context: ExchangeContext, exchange: Exchange): Promise<void> {
  const { req, res, fault, record, signal } = exchange;
  if (fault?.kind === 'status') {
    await discardRequestBody(req);
    await sendInjectedStatus(res, fault, record, req.method === 'HEAD', signal);
    return;
  }

  if (fault?.kind === 'stall') {
    // Nothing is read either, so an uploading client stalls once the socket buffers fill.
    // The timer does not keep the process alive on its own.
    await delay(fault.ms ?? context.maxStallMs, undefined, { signal, ref: false });
    if (fault.ms === undefined) {
      context.stats.finish(record, 'reset');
      context.logger.info(
        { sequence: record.sequence, maxStallMs: context.maxStallMs },
        'stall reached maxStallMs, resetting the connection',
      );
      resetConnection(exchange.clientSocket);
      return;
    }
  }

  await forward(context, exchange);
}

async function forward(context: ExchangeContext, exchange: Exchange): Promise<void> {
  const { req, res, fault, record, signal } = exchange;
  const upstreamRequest = http.request({
    host: context.upstream.hostname,
    port: context.upstream.port,
    method: req.method,
    path: req.url,
    // Keep-alive makes a store that responds early keep reading the body, as it would for a
    // direct client, instead of closing the connection under our writes. The agent does not
    // keep connections, so it still closes this one after the response.
    // NOTE: a store that closes anyway gives the client a 502, because node:http drops a
    // response that arrives together with a write error (seen with Azurite and Connection: close).
    headers: { ...endToEndHeaders(req.headers), connection: 'keep-alive' },
    agent: context.agent,
    signal,
  });
  // Errors reach the awaits below. This listener only keeps a late one from being unhandled.
  upstreamRequest.on('error', () => undefined);
  const responded = once(upstreamRequest, 'response', { signal }) as Promise<[IncomingMessage]>;
  responded.catch(() => undefined);

  const first = await sendUntilResponse(exchange, upstreamRequest, responded);
  if (first.kind === 'cut') {
    context.stats.finish(record, 'reset');
    upstreamRequest.destroy();
    resetConnection(exchange.clientSocket);
    return;
  }
  if (first.kind !== 'ended') {
    // Forward no more of the body. Reading and dropping the rest lets the client finish its
    // request and read the response, as it would from the store itself.
    req.resume();
  }
  // After a failed send, this rejects with the upstream's error unless a response arrived.
  const [upstreamResponse] = await responded;
  upstreamResponse.on('error', () => undefined);

  if (fault?.kind === 'reset-request' && first.kind === 'ended') {
    // The whole body fit within afterBytes, so the store handled the request. Reading its whole
    // response first makes that certain, and then the client loses the response.
    for await (const _chunk of upstreamResponse) {
      // Discarded.
    }
    context.stats.finish(record, 'reset');
    resetConnection(exchange.clientSocket);
    return;
  }

  await relayResponse(upstreamResponse, res, fault, record, context.stats, signal);
  // An upstream request whose body never ended would otherwise keep its connection open.
  if (first.kind !== 'ended') upstreamRequest.destroy();
}

/**
 * Sends the request body until it ends, a fault cuts it, sending fails, or the upstream responds
 * first. A store may respond before it has read the whole body, e.g. 403 for an expired URL,
 * and the client must get that response. An early response stops the sending.
 */
async function sendUntilResponse(
  exchange: Exchange,
  upstreamRequest: ClientRequest,
  responded: Promise<unknown>,
): Promise<{ kind: 'ended' | 'cut' | 'failed' | 'response' }> {
  const stopSending = new AbortController();
  const sending = sendRequestBody(
    exchange.req,
    upstreamRequest,
    exchange.fault,
    exchange.record,
    AbortSignal.any([exchange.signal, stopSending.signal]),
  ).then(
    (result) => ({ kind: result }),
    // The caller learns the upstream's error from `responded`, or the client's from its signal.
    () => ({ kind: 'failed' as const }),
  );

  const first = await Promise.race([
    sending,
    responded.then(() => ({ kind: 'response' as const })),
  ]);
  if (first.kind === 'response') stopSending.abort();
  return first;
}
