// Fan-out of service events to subscribers by channel name. The Electron main process
// subscribes once and sends each event to the window; a browser test bridge forwards them to
// its page. With `checkPayloads`, every payload is parsed with its contract schema first, which
// the tests use to prove that what main pushes matches the contract.
import { IPC_CONTRACT, type EventChannel } from '../../../shared/ipc/index';
import type { EventName, EventPayload, EventSink, Unsubscribe } from './types';

export type EventListener = (channel: string, payload: unknown) => void;

export interface EventBusOptions {
  checkPayloads?: boolean;
  /** Called when a listener throws, so one broken window cannot stop the others. */
  onListenerError?: (error: unknown, channel: string) => void;
}

export class IpcEventBus implements EventSink {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly options: EventBusOptions = {}) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const channel = eventChannel(name);
    const checked = this.options.checkPayloads ? channel.payload.parse(payload) : payload;

    for (const listener of [...this.listeners]) {
      try {
        listener(channel.channel, checked);
      } catch (error) {
        this.options.onListenerError?.(error, channel.channel);
      }
    }
  }

  subscribe(listener: EventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** Returns the contract's event channel for `namespace.method`. */
export function eventChannel(name: EventName): EventChannel {
  const [namespace, method] = name.split('.') as [keyof typeof IPC_CONTRACT, string];
  const channel = (IPC_CONTRACT[namespace] as unknown as Record<string, EventChannel | undefined>)[
    method
  ];
  if (channel?.kind !== 'event') throw new TypeError(`No event channel is named ${name}.`);
  return channel;
}
