// The HTTP server of the end-to-end tests, on 127.0.0.1. It serves the built renderer with the
// app's Content-Security-Policy and adds the test bridge script to index.html. Each
// `POST /__byob/ipc/<channel>` goes to the same createHandlers table that Electron's ipcMain
// uses, and service events stream to the page as Server-Sent Events.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { contentSecurityPolicy } from '../../../electron/main/security/csp';
import type { IpcEventBus } from '../../../electron/main/services/event-bus';
import { dispatch, type IpcHandler } from '../../../electron/main/services/handlers';

const BRIDGE_SOURCE = fileURLToPath(new URL('./browser-bridge.ts', import.meta.url));
/** Maximum request body; the largest IPC requests (a 100,000-path selection) stay below it. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface BridgeServer {
  /** Origin of the server, such as http://127.0.0.1:40123. */
  origin: string;
  close(): Promise<void>;
}

export interface BridgeServerOptions {
  rendererDir: string;
  handlers: ReadonlyMap<string, IpcHandler>;
  events: IpcEventBus;
}

/** Bundles browser-bridge.ts into one classic script for the page. */
async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [BRIDGE_SOURCE],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Request body over ${MAX_BODY_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const rendererDir = resolve(options.rendererDir);
  const indexPath = join(rendererDir, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(
      `The built renderer is missing (${indexPath}): run npm run build:renderer before the end-to-end tests.`,
    );
  }
  const bridgeScript = await bundleBridge();
  const policy = contentSecurityPolicy();
  let origin = '';

  const serveIpc = async (request: IncomingMessage, response: ServerResponse, channel: string) => {
    const body = await readBody(request);
    const payload: unknown = body === '' || body === 'null' ? undefined : JSON.parse(body);
    // The page's fetch sends its URL as Referer; the handlers check it like a frame's URL.
    const sender = { url: request.headers.referer ?? null, isMainFrame: true };
    const result = await dispatch(options.handlers, channel, payload, sender);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(result));
  };

  const serveEvents = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = options.events.subscribe((channel, payload) => {
      response.write(`data: ${JSON.stringify({ channel, payload })}\n\n`);
    });
    request.on('close', unsubscribe);
  };

  const serveFile = (response: ServerResponse, pathname: string) => {
    const relative = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
    const file = resolve(rendererDir, relative);
    const inside = file.startsWith(rendererDir + sep);
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not found');
      return;
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-store',
    };
    if (file === indexPath) {
      // A classic script in <head> runs before the deferred module script of the app.
      const html = readFileSync(file, 'utf8').replace(
        '<head>',
        '<head>\n    <script src="./__byob/bridge.js"></script>',
      );
      response.writeHead(200, headers);
      response.end(html);
      return;
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const ipcPrefix = '/__byob/ipc/';

    if (request.method === 'POST' && url.pathname.startsWith(ipcPrefix)) {
      serveIpc(request, response, decodeURIComponent(url.pathname.slice(ipcPrefix.length))).catch(
        (error: unknown) => {
          response.writeHead(400, { 'Content-Type': 'text/plain' });
          response.end(error instanceof Error ? error.message : String(error));
        },
      );
    } else if (url.pathname === '/__byob/events') {
      serveEvents(request, response);
    } else if (url.pathname === '/__byob/bridge.js') {
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES['.js']!,
        'Cache-Control': 'no-store',
      });
      response.end(bridgeScript);
    } else if (request.method === 'GET') {
      serveFile(response, url.pathname);
    } else {
      response.writeHead(405).end();
    }
  });

  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    close: () =>
      new Promise<void>((closed) => {
        // Event streams stay open until the page goes, so they are cut here.
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
