import type { Logger } from 'pino';

import type { PlatformDb } from '../db/open';
import type { User } from '../db/tables';
import type { StorageRegistry } from '../storage/registry';

export interface PlatformServices {
  db: PlatformDb;
  storage: StorageRegistry;
  log: Logger;
  version: string;
}

/** What every resolver gets: the services and the authenticated user. */
export interface RequestContext extends PlatformServices {
  user: User;
}
