// State of requests to main: a value loaded when its key changes, and a user action with its
// busy flag and failure. Results of a superseded load are dropped, so a slow response never
// overwrites a newer one.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';

import type { IpcRequestError } from '../../../shared/ipc/index';
import { asRequestError } from '../bridge';

type Settled<T> =
  | { key: string; version: number; ok: true; value: T }
  | { key: string; version: number; ok: false; error: IpcRequestError };

export interface Loaded<T> {
  /** The value for the current key; during a reload, the previous value of the same key. */
  data: T | undefined;
  loading: boolean;
  error: IpcRequestError | null;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [version, setVersion] = useState(0);
  const start = useEffectEvent(load);

  useEffect(() => {
    let current = true;
    start().then(
      (value) => {
        if (current) setSettled({ key, version, ok: true, value });
      },
      (error: unknown) => {
        if (current) setSettled({ key, version, ok: false, error: asRequestError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [key, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  const sameKey = settled !== null && settled.key === key;
  return {
    data: sameKey && settled.ok ? settled.value : undefined,
    loading: !sameKey || settled.version !== version,
    error: sameKey && !settled.ok ? settled.error : null,
    reload,
  };
}

export interface Action {
  busy: boolean;
  error: IpcRequestError | null;
  /** Runs `action`; resolves to its value, or to undefined after recording its failure. */
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcRequestError | null>(null);

  const run = useCallback(async <T>(action: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(asRequestError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, run };
}
