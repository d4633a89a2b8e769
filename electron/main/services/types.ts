// The shape every set of services implements: one async method per invoke channel of the
// contract, taking the validated request and returning the response.
import type { z } from 'zod';

import type {
  EventChannel,
  InvokeChannel,
  IpcContract,
  PayloadOf,
  Unsubscribe,
} from '../../../shared/ipc/index';

type ServiceMethod<C> =
  C extends InvokeChannel<infer Req, infer Res>
    ? (request: z.output<Req>) => Promise<z.input<Res>>
    : never;

type InvokeKeys<NS> = { [M in keyof NS]: NS[M] extends InvokeChannel ? M : never }[keyof NS];

type EventKeys<NS> = { [M in keyof NS]: NS[M] extends EventChannel ? M : never }[keyof NS];

/** Services of one namespace: its invoke channels as methods. */
export type NamespaceService<NS> = { [M in InvokeKeys<NS>]: ServiceMethod<NS[M]> };

export type Services = { [NS in keyof IpcContract]: NamespaceService<IpcContract[NS]> };

/** `namespace.method` of every event channel, such as `transfers.onEvent`. */
export type EventName = {
  [NS in keyof IpcContract]: `${NS & string}.${EventKeys<IpcContract[NS]> & string}`;
}[keyof IpcContract];

/** The payload type of an event by its `namespace.method` name. */
export type EventPayload<E extends EventName> = E extends `${infer NS}.${infer M}`
  ? NS extends keyof IpcContract
    ? M extends keyof IpcContract[NS]
      ? PayloadOf<IpcContract[NS][M]>
      : never
    : never
  : never;

/** Event target of the services. Main forwards events to the window, a test bridge to its page. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export type { Unsubscribe };
