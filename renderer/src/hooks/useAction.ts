// State of a user action that calls main: busy while it runs, and the failure it ended with.
import { useCallback, useState } from 'react';

import type { IpcRequestError } from '../../../shared/ipc/index';
import { asRequestError } from '../bridge';

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
