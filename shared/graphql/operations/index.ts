// GraphQL operation documents that the desktop client, the CLI and the tests send to a
// W&B-compatible server, with TypeScript types for their variables and results.
export type * from './common';
export * from './viewer';
export * from './projects';
export * from './runs';
export * from './run-files';
export * from './artifact-fragments';
export * from './artifacts-browse';
export * from './artifacts-upload';
export * from './artifact-multipart';
export * from './teams';
