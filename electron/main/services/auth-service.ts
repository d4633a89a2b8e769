// The `auth` namespace: profiles, sign-in with a new or a stored key, sign-out, and the local
// sandbox. A key is checked with the platform (the viewer query) before it is stored.
import { parsePlatformHost, type PlatformEndpoint } from '../../platform-client/endpoint';
import type { PlatformClient } from '../../platform-client/index';
import type { Profile, ProfileList, RequestOf, Session } from '../../../shared/ipc/index';
import type { IpcContract } from '../../../shared/ipc/index';
import type { CredentialStore } from '../storage/credentials';
import type { ProfileStore, StoredProfile } from '../storage/profiles';
import { ServiceError } from './errors';
import type { SandboxLauncher } from './sandbox';
import type { SessionState } from './session';
import type { EventSink, NamespaceService } from './types';
import { fetchViewer } from './viewer';

type SignInRequest = RequestOf<IpcContract['auth']['signIn']>;

export interface AuthServiceDeps {
  profiles: ProfileStore;
  credentials: CredentialStore;
  session: SessionState;
  events: EventSink;
  /** Builds a client for a host and key with the current proxy settings. */
  createClient: (host: string, apiKey: string) => PlatformClient;
  sandbox: SandboxLauncher;
}

export class AuthService implements NamespaceService<IpcContract['auth']> {
  constructor(private readonly deps: AuthServiceDeps) {}

  async listProfiles(): Promise<ProfileList> {
    const { profiles, credentials } = this.deps;
    return {
      profiles: profiles.list().map((profile) => this.toProfile(profile)),
      activeProfileId: this.deps.session.current?.profile.id ?? null,
      keyEncryptionAvailable: credentials.encryptionAvailable(),
    };
  }

  async signIn(request: SignInRequest): Promise<Session> {
    if ('profileId' in request) return this.signInWithProfile(request.profileId);

    const endpoint = parseHost(request.host);
    return this.signInWithKey({
      kind: request.kind,
      host: endpoint.host,
      apiKey: request.apiKey,
      name: request.name ?? new URL(endpoint.origin).host,
      remember: request.remember,
    });
  }

  async signOut(): Promise<null> {
    this.deps.profiles.setActive(null);
    this.changeSession(null);
    return null;
  }

  async removeProfile(request: { profileId: string }): Promise<ProfileList> {
    const { profiles, credentials, session } = this.deps;
    if (!profiles.get(request.profileId)) throw profileNotFound(request.profileId);

    if (session.current?.profile.id === request.profileId) this.changeSession(null);
    credentials.remove(request.profileId);
    profiles.remove(request.profileId);
    return this.listProfiles();
  }

  async session(): Promise<Session | null> {
    return this.deps.session.view();
  }

  async startSandbox(): Promise<Session> {
    const running = await this.deps.sandbox.start();
    return this.signInWithKey({
      kind: 'sandbox',
      host: parseHost(running.url).host,
      apiKey: running.apiKey,
      name: 'Local sandbox',
      remember: true,
    });
  }

  /**
   * Signs in to the profile that was active when the app last quit, if its key is still
   * stored. Returns null, without throwing, when that is not possible.
   */
  async restore(): Promise<Session | null> {
    const id = this.deps.profiles.activeProfileId();
    if (id === null) return null;
    try {
      return await this.signInWithProfile(id);
    } catch {
      return null;
    }
  }

  private async signInWithProfile(profileId: string): Promise<Session> {
    const profile = this.deps.profiles.get(profileId);
    if (!profile) throw profileNotFound(profileId);

    const apiKey = this.deps.credentials.load(profileId);
    if (apiKey === null) {
      throw new ServiceError(
        'NOT_SIGNED_IN',
        `No API key is stored for profile "${profile.name}" (${profile.host}): sign in with the key again.`,
      );
    }
    return this.signInWithKey({
      ...profile,
      apiKey,
      remember: this.deps.credentials.storageOf(profileId) === 'encrypted',
    });
  }

  private async signInWithKey(input: {
    kind: Profile['kind'];
    host: string;
    apiKey: string;
    name: string;
    remember: boolean;
  }): Promise<Session> {
    const client = this.deps.createClient(input.host, input.apiKey);
    const { viewer } = await fetchViewer(client);

    const stored = this.deps.profiles.upsert({
      kind: input.kind,
      host: input.host,
      name: input.name,
      username: viewer.username,
    });
    this.deps.credentials.save(stored.id, input.apiKey, input.remember);
    this.deps.profiles.setActive(stored.id);

    const profile = this.toProfile(this.deps.profiles.get(stored.id) ?? stored);
    this.changeSession({ profile, viewer, apiKey: input.apiKey, client });
    return { profile, viewer };
  }

  private changeSession(next: Parameters<SessionState['set']>[0]): void {
    this.deps.session.set(next);
    this.deps.events.emit('auth.onSessionChanged', this.deps.session.view());
  }

  private toProfile(profile: StoredProfile): Profile {
    return { ...profile, keyStorage: this.deps.credentials.storageOf(profile.id) };
  }
}

function parseHost(host: string): PlatformEndpoint {
  try {
    return parsePlatformHost(host);
  } catch (error) {
    throw new ServiceError('INVALID_REQUEST', (error as Error).message, { fields: ['host'] });
  }
}

function profileNotFound(profileId: string): ServiceError {
  return new ServiceError(
    'NOT_FOUND',
    `No profile has id ${profileId}: list the profiles again and pick one of them.`,
  );
}
