// HTTP_PROXY and NO_PROXY: with a proxy set, every request of the CLI (platform and storage)
// goes through it, and NO_PROXY lets the CLI connect directly. The proxy here is a small
// forward proxy on 127.0.0.1 that accepts only 127.0.0.1 targets and counts what it relays.

import http from 'node:http';
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROJECT, startCliEnv, TEAM, type CliEnv } from './fixture';

interface ForwardProxy {
  url: string;
  /** Targets relayed so far, as `host:port`. */
  targets: string[];
  stop(): Promise<void>;
}

/** Starts a forward proxy that tunnels CONNECT and relays absolute-form requests to 127.0.0.1 only. */
async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const target = new URL(request.url!);
    if (target.hostname !== '127.0.0.1') {
      response.writeHead(403).end();
      return;
    }
    targets.push(target.host);
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: request.method,
        path: target.pathname + target.search,
        headers: request.headers,
      },
      (reply) => {
        response.writeHead(reply.statusCode!, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [host, port] = request.url!.split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    targets.push(request.url!);
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('byob proxy settings', () => {
  let cli: CliEnv;
  let proxy: ForwardProxy;
  let env: Record<string, string>;

  beforeAll(async () => {
    cli = await startCliEnv();
    proxy = await startForwardProxy();
    env = { WANDB_BASE_URL: cli.platform.url, WANDB_API_KEY: cli.keys.alice };
  });

  afterAll(async () => {
    await proxy?.stop();
    await cli?.stop();
  });

  it('sends every request through HTTP_PROXY', async () => {
    proxy.targets.length = 0;
    const file = cli.writeLocal('proxied/a.txt', 'through the proxy');
    const result = await cli.run(
      ['artifact', 'put', file, '--name', `${TEAM}/${PROJECT}/proxied`, '--type', 'dataset'],
      { env: { ...env, HTTP_PROXY: proxy.url } },
    );

    expect(result.code).toBe(0);
    const platform = new URL(cli.platform.url).host;
    const storage = new URL(cli.platform.azurite.endpoint).host;
    expect(proxy.targets).toContain(platform);
    expect(proxy.targets).toContain(storage);
  });

  it('connects directly for NO_PROXY hosts', async () => {
    proxy.targets.length = 0;
    const result = await cli.run(['whoami', '--json'], {
      env: { ...env, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });

    expect(result.code).toBe(0);
    expect(proxy.targets).toEqual([]);
  });
});
