// Shares one 'abort' listener among all jobs that use the same AbortSignal. A transfer
// usually passes one signal for all of its files, and Node prints a
// MaxListenersExceededWarning once an AbortSignal has more than 10 listeners.

interface Entry<T> {
  members: Set<T>;
  listener: () => void;
}

export class AbortListeners<T> {
  private readonly bySignal = new Map<AbortSignal, Entry<T>>();

  /** @param onAbort called once for each member still registered when its signal aborts */
  constructor(private readonly onAbort: (member: T) => void) {}

  add(signal: AbortSignal, member: T): void {
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const listener = () => this.abortAll(signal);
      entry = { members: new Set(), listener };
      this.bySignal.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    entry.members.add(member);
  }

  /** Unregisters `member`, and removes the listener once no member uses the signal. */
  delete(signal: AbortSignal, member: T): void {
    const entry = this.bySignal.get(signal);
    if (!entry) return;

    entry.members.delete(member);
    if (entry.members.size > 0) return;

    this.bySignal.delete(signal);
    signal.removeEventListener('abort', entry.listener);
  }

  private abortAll(signal: AbortSignal): void {
    const entry = this.bySignal.get(signal);
    if (!entry) return;

    this.bySignal.delete(signal);
    for (const member of entry.members) this.onAbort(member);
  }
}
