import { createServer, type Server } from 'node:net';

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`Unexpected listener address ${String(address)} for 127.0.0.1:0`);
  }
  return address.port;
}

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago: the kernel picks each for
 * a listener on port 0, and all listeners are held open together so no port comes back twice.
 * Another process could still take one before the daemon binds it; that daemon's start then
 * fails with the bind error in its log.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, listenOnAnyPort));
  try {
    return servers.map(portOf);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
