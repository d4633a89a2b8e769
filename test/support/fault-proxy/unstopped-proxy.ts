// Child process for the lifecycle test: serves one request through a fault proxy and never
// stops the proxy. The process must still exit on its own once its own work is done.
import { startFaultProxy } from './index.ts';
import { startRecordingOrigin } from './recording-origin.ts';

const origin = await startRecordingOrigin();
const proxy = await startFaultProxy({ upstream: origin.url });

const response = await fetch(`${proxy.url}/object`);
await response.arrayBuffer();
await origin.stop();

// The parent reads this line. The proxy and the keep-alive connection from fetch stay open.
process.stdout.write(`served ${response.status}\n`);
