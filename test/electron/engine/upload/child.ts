// Starts upload-child.ts in its own Node process (protocol in test/support/engine-child.ts).

import { fileURLToPath } from 'node:url';

import { startEngineChild, type EngineChild } from '../../../support/engine-child';
import type { ChildRequest } from './upload-child';

const SCRIPT = fileURLToPath(new URL('./upload-child.ts', import.meta.url));

export function startUploadChild(request: ChildRequest): EngineChild {
  return startEngineChild(SCRIPT, request);
}
