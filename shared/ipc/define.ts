// Building blocks of the IPC contract: a channel is either an invoke (renderer → main, one
// request and one response) or an event (main → renderer, a payload pushed to subscribers).
// Every channel carries zod schemas, so main validates what the renderer sends and tests can
// check what main returns. Types for both sides are derived from the same objects.
import type { z } from 'zod';

import type { IpcResult } from './errors';

/** A request from the renderer that main answers once. */
export interface InvokeChannel<
  TRequest extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
> {
  readonly kind: 'invoke';
  /** Electron channel name, `namespace:method`. */
  readonly channel: string;
  readonly request: TRequest;
  readonly response: TResponse;
}

/** A payload that main pushes to every subscribed renderer. */
export interface EventChannel<TPayload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly channel: string;
  readonly payload: TPayload;
}

export type Channel = InvokeChannel | EventChannel;

/** One namespace of the bridge, such as `transfers`: method name → channel. */
export type Namespace = Readonly<Record<string, Channel>>;

export type Contract = Readonly<Record<string, Namespace>>;

export function invoke<TRequest extends z.ZodType, TResponse extends z.ZodType>(
  channel: string,
  request: TRequest,
  response: TResponse,
): InvokeChannel<TRequest, TResponse> {
  return { kind: 'invoke', channel, request, response };
}

export function event<TPayload extends z.ZodType>(
  channel: string,
  payload: TPayload,
): EventChannel<TPayload> {
  return { kind: 'event', channel, payload };
}

/** Stops a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** The request a caller passes: the schema's input type, before defaults are applied. */
export type RequestInput<C> = C extends InvokeChannel<infer Req, z.ZodType> ? z.input<Req> : never;

/** The request main receives after validation, with defaults applied. */
export type RequestOf<C> = C extends InvokeChannel<infer Req, z.ZodType> ? z.output<Req> : never;

export type ResponseOf<C> = C extends InvokeChannel<z.ZodType, infer Res> ? z.output<Res> : never;

export type PayloadOf<C> = C extends EventChannel<infer P> ? z.output<P> : never;

/**
 * One method of the renderer's bridge. An invoke resolves to a result envelope, never
 * rejects for a failure main reported, and may be called without an argument when its
 * request is optional. An event method takes a listener and returns its unsubscribe function.
 */
export type BridgeMethod<C> =
  C extends InvokeChannel<infer Req, infer Res>
    ? undefined extends z.input<Req>
      ? (request?: z.input<Req>) => Promise<IpcResult<z.output<Res>>>
      : (request: z.input<Req>) => Promise<IpcResult<z.output<Res>>>
    : C extends EventChannel<infer P>
      ? (listener: (payload: z.output<P>) => void) => Unsubscribe
      : never;

/** The bridge the preload exposes: the same namespaces and method names as the contract. */
export type BridgeApi<T extends Contract> = {
  readonly [NS in keyof T]: { readonly [M in keyof T[NS]]: BridgeMethod<T[NS][M]> };
};

/** Lists every channel of a contract with its namespace and method name. */
export function listChannels(
  contract: Contract,
): { namespace: string; method: string; channel: Channel }[] {
  return Object.entries(contract).flatMap(([namespace, methods]) =>
    Object.entries(methods).map(([method, channel]) => ({ namespace, method, channel })),
  );
}
