// Entry file of a hashing worker when the engine runs from TypeScript sources (tsx, vitest).
// Node cannot start a worker from a .ts file, so this plain module registers tsx's loader in
// the worker thread and then loads the TypeScript body. That costs each worker a few hundred
// milliseconds at start (an estimate from runs on a 2-core VM), paid once per worker.
//
// NOTE: a bundled Electron build must not use this file. The bundler has to emit
// worker.ts as a separate entry (it imports only node: built-ins and files of this folder)
// and the engine passes that output's URL as HashPool's `workerUrl` option.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
