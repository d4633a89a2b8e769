// The test bridge that runs in Chromium in place of the preload. It builds `window.byob` with
// the preload's own buildBridge and withDroppedFiles, over an ipcRenderer stand-in that sends
// each invoke as an HTTP POST to the bridge server on 127.0.0.1 and receives events over
// Server-Sent Events. bridge-server.ts bundles this file with esbuild into one script.
//
// A dropped File has no local path in a browser, so pathForFile looks its name up in
// `window.__byobDropPaths`, which a test fills before it dispatches the drop.
import { buildBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { withDroppedFiles } from '../../../electron/preload/dropped-files';
import { BRIDGE_GLOBAL } from '../../../shared/ipc/index';

/** The browser globals this file uses; the repository's type check runs without the DOM lib. */
interface BrowserGlobals {
  fetch: typeof fetch;
  EventSource: new (url: string) => {
    addEventListener(type: 'message', listener: (event: { data: string }) => void): void;
  };
  __byobDropPaths?: Record<string, string>;
  [BRIDGE_GLOBAL]?: unknown;
}

const page = globalThis as unknown as BrowserGlobals;
type Listener = (event: unknown, payload: unknown) => void;

function createHttpIpc(): IpcRendererLike {
  const listeners = new Map<string, Set<Listener>>();
  const source = new page.EventSource('./__byob/events');
  source.addEventListener('message', (message) => {
    const { channel, payload } = JSON.parse(message.data) as { channel: string; payload: unknown };
    for (const listener of listeners.get(channel) ?? []) listener({}, payload);
  });

  return {
    async invoke(channel, request) {
      const response = await page.fetch(`./__byob/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // JSON has no undefined: a request-less call sends null, which the server turns back.
        body: JSON.stringify(request === undefined ? null : request),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status} from the test bridge server`);
      return response.json();
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}

const api = withDroppedFiles(buildBridge(createHttpIpc()), {
  getPathForFile: (file) => page.__byobDropPaths?.[file.name] ?? '',
});
Object.defineProperty(page, BRIDGE_GLOBAL, { value: api, enumerable: true });
