// One request through the proxy: pick its fault, forward it or respond in place of the upstream,
// and record what happened. No error escapes: each one goes to the record, the log and the client.
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
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

  const clientGone = new AbortController();
  const signal = AbortSignal.any([clientGone.signal, context.stopSignal]);
  res.once('finish', () => stats.finish(record, 'completed'));
  res.once('close', () => {
    if (res.writableFinished) return;
    stats.finish(record, context.stopSignal.aborted ? 'stopped' : 'client-closed');
    clientGone.abort(new Error('The client connection closed.'));
  });
  // Failures of the client's request stream surface through the awaits below.
  req.on('error', () => undefined);

  try {
    await runExchange(context, { req, res, clientSocket: req.socket, fault, record, signal });
  } catch (error) {
    if (signal.aborted || res.destroyed) return;

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
    headers: endToEndHeaders(req.headers),
    agent: context.agent,
    signal,
  });
  // Errors reach the awaits below; this listener only keeps a late one from being unhandled.
  upstreamRequest.on('error', () => undefined);
  const responded = once(upstreamRequest, 'response', { signal }) as Promise<[IncomingMessage]>;
  responded.catch(() => undefined);

  const bodyResult = await sendRequestBody(req, upstreamRequest, fault, record, signal);
  if (bodyResult === 'cut') {
    context.stats.finish(record, 'reset');
    upstreamRequest.destroy();
    resetConnection(exchange.clientSocket);
    return;
  }

  const [upstreamResponse] = await responded;
  upstreamResponse.on('error', () => undefined);

  if (fault?.kind === 'reset-request') {
    // The whole body fit within afterBytes, so the store handled the request. Reading its whole
    // response first makes that certain; then the client loses the response.
    for await (const _chunk of upstreamResponse) {
      // Discarded.
    }
    context.stats.finish(record, 'reset');
    resetConnection(exchange.clientSocket);
    return;
  }

  await relayResponse(upstreamResponse, res, fault, record, context.stats, signal);
}
