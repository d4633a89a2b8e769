// Starts download-child.ts in its own Node process (protocol in test/support/engine-child.ts).

import { fileURLToPath } from 'node:url';

import { startEngineChild, type EngineChild } from '../../../support/engine-child';
import type { DownloadChildRequest } from './download-child';

const SCRIPT = fileURLToPath(new URL('./download-child.ts', import.meta.url));

export function startDownloadChild(request: DownloadChildRequest): EngineChild {
  return startEngineChild(SCRIPT, request);
}
