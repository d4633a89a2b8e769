// Client side of the second set-up in ./index: URLs stay signed for the upstream, and an undici
// dispatcher opens their connections to the proxy. undici takes the Host header from the URL,
// not from the connection, so the store still receives the host:port that was signed.
import { Agent, buildConnector } from 'undici';

import type { FaultProxy } from './index';

/**
 * Creates an undici Agent that connects to the proxy whenever a request names the proxy's
 * upstream origin. A request for any other origin fails, so nothing bypasses the proxy.
 * Use it with undici's own `fetch` or `request` (`{ dispatcher }`) and close it after the test.
 */
export function connectThroughProxy(proxy: Pick<FaultProxy, 'port' | 'upstream'>): Agent {
  const upstream = new URL(proxy.upstream);
  const connectTcp = buildConnector({});

  return new Agent({
    connect(options, callback) {
      const origin = `${options.protocol}//${options.hostname}:${options.port}`;
      if (origin !== upstream.origin) {
        callback(
          new Error(
            `Rejected connection to ${origin}: this dispatcher reaches only ${upstream.origin}, through the fault proxy. Use another dispatcher for other hosts.`,
          ),
          null,
        );
        return;
      }
      connectTcp({ ...options, hostname: '127.0.0.1', port: String(proxy.port) }, callback);
    },
  });
}
