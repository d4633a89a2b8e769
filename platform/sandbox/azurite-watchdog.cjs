// Preloaded into the Azurite child (`node --require`) so that Azurite never outlives the process
// that started it. The parent keeps an IPC channel open to this child. The operating system
// closes that channel however the parent ends, even on SIGKILL, so 'disconnect' always fires.
'use strict';

// Azurite 3.x shuts down gracefully on its first SIGTERM (`process.once('SIGTERM')` in
// dist/src/blob/main.js). This no-op listener turns off Node's default "terminate at once" for
// any later SIGTERM, so a second signal cannot cut that shutdown short.
process.on('SIGTERM', () => {});

process.on('disconnect', () => {
  process.kill(process.pid, 'SIGTERM');

  // If the graceful shutdown hangs, leave anyway. unref() lets a clean shutdown exit sooner.
  const GRACE_MS = 10_000;
  setTimeout(() => process.exit(1), GRACE_MS).unref();
});
