// Sign-in profiles in `profiles.json`: host, kind, display name and the user name of the last
// sign-in. Keys live in the CredentialStore, never here.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { z } from 'zod';

import { PROFILE_KINDS, type ProfileKind } from '../../../shared/ipc/index';
import { readJsonFile, setAside, writeJsonFile } from './json-file';

const storedProfileSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(PROFILE_KINDS),
  name: z.string(),
  host: z.string(),
  username: z.string().nullable(),
  lastSignedInAt: z.string().nullable(),
});

export type StoredProfile = z.output<typeof storedProfileSchema>;

const fileSchema = z.strictObject({
  version: z.literal(1),
  activeProfileId: z.string().nullable(),
  profiles: z.array(storedProfileSchema),
});

type ProfilesFile = z.output<typeof fileSchema>;

export const PROFILES_FILE = 'profiles.json';

export class ProfileStore {
  private readonly path: string;

  constructor(
    folder: string,
    private readonly onInvalidFile: (message: string) => void = () => {},
  ) {
    this.path = join(folder, PROFILES_FILE);
  }

  list(): StoredProfile[] {
    return this.read().profiles;
  }

  get(id: string): StoredProfile | undefined {
    return this.read().profiles.find((profile) => profile.id === id);
  }

  activeProfileId(): string | null {
    return this.read().activeProfileId;
  }

  /**
   * Returns the profile for this host and user, creating it when there is none, so signing in
   * twice with the same account does not add a second entry.
   */
  upsert(input: {
    kind: ProfileKind;
    host: string;
    name: string;
    username: string;
  }): StoredProfile {
    const file = this.read();
    const existing = file.profiles.find(
      (profile) => profile.host === input.host && profile.username === input.username,
    );
    if (existing) {
      existing.kind = input.kind;
      existing.name = input.name;
      this.write(file);
      return existing;
    }

    const created: StoredProfile = { id: randomUUID(), lastSignedInAt: null, ...input };
    file.profiles.push(created);
    this.write(file);
    return created;
  }

  /** Makes the profile active and records the sign-in time; null signs out. */
  setActive(id: string | null, now: Date = new Date()): void {
    const file = this.read();
    file.activeProfileId = id;
    const profile = file.profiles.find((entry) => entry.id === id);
    if (profile) profile.lastSignedInAt = now.toISOString();
    this.write(file);
  }

  remove(id: string): boolean {
    const file = this.read();
    const before = file.profiles.length;
    file.profiles = file.profiles.filter((profile) => profile.id !== id);
    if (file.activeProfileId === id) file.activeProfileId = null;
    this.write(file);
    return file.profiles.length < before;
  }

  private read(): ProfilesFile {
    const read = readJsonFile(this.path, fileSchema);
    if (read.status === 'ok') return read.value;
    if (read.status === 'invalid') {
      setAside(this.path);
      this.onInvalidFile(read.message);
    }
    return { version: 1, activeProfileId: null, profiles: [] };
  }

  private write(file: ProfilesFile): void {
    writeJsonFile(this.path, file);
  }
}
