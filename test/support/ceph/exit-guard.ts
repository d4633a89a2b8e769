// Last-resort cleanup when the test process exits without stopping its clusters (a failed
// beforeAll, an uncaught error, a forgotten stop()). Node runs 'exit' listeners synchronously,
// so cleanups here can only signal and delete, never wait.
const cleanups = new Set<() => void>();
let installed = false;

function runCleanups(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // The process is exiting; one failed cleanup must not skip the others.
    }
  }
  cleanups.clear();
}

/** Runs `cleanup` when the process exits; the returned function cancels that. */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    process.on('exit', runCleanups);
    installed = true;
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
