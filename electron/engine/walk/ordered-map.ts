// Runs an async function over a list with a bounded number of calls in flight and yields
// the results in list order, so a walk can stat many files at once and still be
// deterministic.

/**
 * Yields `map(item)` for each item in order, keeping up to `width` calls running. Calls
 * already started keep running if the consumer stops early, but no new ones start. A
 * rejection is thrown when its result is reached.
 */
export async function* mapOrdered<T, R>(
  items: readonly T[],
  width: number,
  map: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const inFlight: Promise<R>[] = [];
  let next = 0;

  const startNext = (): void => {
    const item = items[next];
    next += 1;
    const result = map(item as T);

    // Results are awaited in order, so a later call may reject while an earlier one is
    // awaited, or after the consumer stopped. This handler keeps that rejection from being
    // reported as unhandled, and awaiting `result` below still throws it.
    result.catch(() => {});
    inFlight.push(result);
  };

  while (next < items.length && inFlight.length < width) startNext();

  while (inFlight.length > 0) {
    const result = await (inFlight.shift() as Promise<R>);
    if (next < items.length) startNext();
    yield result;
  }
}
