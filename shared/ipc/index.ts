// The IPC contract of the desktop app: channels, schemas and the types both sides derive.
export * from './admin';
export * from './auth';
export * from './browse';
export * from './contract';
export * from './define';
export * from './diagnostics';
export * from './errors';
export * from './settings';
export * from './teams';
export * from './transfer-events';
export * from './transfer-records';
export * from './transfers';
export * from './validation-issues';
export * from './values';
