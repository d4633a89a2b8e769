// The signed-in session: the active profile, its key and a PlatformClient for its host.
// Services that talk to the platform take the client from here, so signing out or switching
// profiles changes every service at once.
import type { PlatformClient } from '../../platform-client/index';
import type { Profile, Session, Viewer } from '../../../shared/ipc/index';
import { ServiceError } from './errors';

export interface ActiveSession {
  profile: Profile;
  viewer: Viewer;
  apiKey: string;
  client: PlatformClient;
}

export class SessionState {
  private active: ActiveSession | null = null;
  private readonly listeners = new Set<(session: ActiveSession | null) => void>();

  get current(): ActiveSession | null {
    return this.active;
  }

  set(session: ActiveSession | null): void {
    this.active = session;
    for (const listener of this.listeners) listener(session);
  }

  /** Calls `listener` after every change of session. */
  onChange(listener: (session: ActiveSession | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Returns the active session, or throws NOT_SIGNED_IN. */
  require(): ActiveSession {
    if (this.active) return this.active;
    throw new ServiceError('NOT_SIGNED_IN', 'No profile is signed in: sign in first.');
  }

  client(): PlatformClient {
    return this.require().client;
  }

  /** Returns the session in the renderer's shape, without the key and the client. */
  view(): Session | null {
    return this.active ? { profile: this.active.profile, viewer: this.active.viewer } : null;
  }

  /** Values to remove from error messages: the key in use. */
  secrets(): string[] {
    return this.active ? [this.active.apiKey] : [];
  }
}
