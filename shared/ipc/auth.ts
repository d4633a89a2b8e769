// The `auth` namespace: sign-in profiles, the signed-in session and the local sandbox.
// A profile stores the host and the user name; its API key stays in main, encrypted by the
// operating system's key store, and never crosses IPC back to the renderer.
import { z } from 'zod';

import { event, invoke } from './define';
import { apiKeySchema, hostSchema, noRequest, timeSchema } from './values';

/** W&B's cloud API, the host preset of the sign-in screen. */
export const WANDB_CLOUD_HOST = 'https://api.wandb.ai';

/**
 * `wandb-cloud`: W&B's cloud. `self-managed`: a dedicated or self-managed W&B server, or
 * byob-platform run by an operator. `sandbox`: the local sandbox that the app starts.
 */
export const PROFILE_KINDS = ['wandb-cloud', 'self-managed', 'sandbox'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/**
 * Where the profile's key lives. `encrypted`: on disk, encrypted by the OS key store.
 * `session-only`: in memory until the app quits, because the OS offers no encryption (as on
 * Linux without a keyring) or the user chose not to remember it. `none`: no key yet.
 */
export const KEY_STORAGES = ['encrypted', 'session-only', 'none'] as const;

export const profileSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(PROFILE_KINDS),
  /** Display name, such as "W&B cloud" or the host name. */
  name: z.string(),
  host: z.string(),
  /** User name the key belonged to at the last sign-in. */
  username: z.string().nullable(),
  keyStorage: z.enum(KEY_STORAGES),
  lastSignedInAt: timeSchema.nullable(),
});

export type Profile = z.output<typeof profileSchema>;

export const viewerSchema = z.strictObject({
  username: z.string(),
  email: z.string().nullable(),
  /** The user's default entity. */
  entity: z.string().nullable(),
  /** Organisation admin: may create teams. */
  admin: z.boolean(),
  /** Names of the teams the user belongs to. */
  teams: z.array(z.string()),
});

export type Viewer = z.output<typeof viewerSchema>;

export const sessionSchema = z.strictObject({ profile: profileSchema, viewer: viewerSchema });

export type Session = z.output<typeof sessionSchema>;

export const profileListSchema = z.strictObject({
  profiles: z.array(profileSchema),
  activeProfileId: z.string().nullable(),
  /** False when the OS cannot encrypt keys, so keys last only until the app quits. */
  keyEncryptionAvailable: z.boolean(),
});

export type ProfileList = z.output<typeof profileListSchema>;

/** Sign in with a saved profile and its stored key. */
const savedProfileSignIn = z.strictObject({ profileId: z.string().min(1).max(64) });

/** Sign in with a host and a key, creating or updating the profile of that host and user. */
const newKeySignIn = z.strictObject({
  kind: z.enum(PROFILE_KINDS),
  host: hostSchema,
  apiKey: apiKeySchema,
  /** Display name; the host name when omitted. */
  name: z.string().trim().min(1).max(100).optional(),
  /** Store the key encrypted on disk (true) or only until the app quits (false). */
  remember: z.boolean().default(true),
});

export const signInRequestSchema = z.union([savedProfileSignIn, newKeySignIn]);

export type SignInRequest = z.input<typeof signInRequestSchema>;

export const auth = {
  listProfiles: invoke('auth:list-profiles', noRequest, profileListSchema),
  /** Checks the key with the platform and makes the profile the active one. */
  signIn: invoke('auth:sign-in', signInRequestSchema, sessionSchema),
  /** Forgets the session; the profile and its stored key stay. */
  signOut: invoke('auth:sign-out', noRequest, z.null()),
  /** Deletes a profile and its stored key. */
  removeProfile: invoke(
    'auth:remove-profile',
    z.strictObject({ profileId: z.string().min(1).max(64) }),
    profileListSchema,
  ),
  /** The signed-in session, or null. */
  session: invoke('auth:session', noRequest, sessionSchema.nullable()),
  /**
   * Starts the local sandbox (`byob-platform sandbox`) in the app's data folder, or reuses the
   * one already running, and signs in to it.
   */
  startSandbox: invoke('auth:start-sandbox', noRequest, sessionSchema),
  /** Pushed after every sign-in and sign-out. */
  onSessionChanged: event('auth:session-changed', sessionSchema.nullable()),
} as const;
