// Entry of the transfer host's worker thread when it runs from TypeScript sources (tsx,
// vitest). Node cannot start a worker from a .ts file, so this module registers tsx's loader
// in the thread first. A bundled build starts its compiled host-entry instead.
import { register } from 'tsx/esm/api';

register();
await import('./host-entry.ts');
