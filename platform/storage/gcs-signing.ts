// V4 signed URLs (GOOG4-RSA-SHA256) for the objects of one GCS bucket, signed offline through
// @google-cloud/storage 7. Signing sends no request: google-auth-library 9 signs with the
// private key locally whenever the credentials contain one (GoogleAuth.sign), and only a
// credential without a key would fall back to Google's signBlob endpoint. The constructor
// therefore rejects a missing or unreadable key.
import { createPrivateKey } from 'node:crypto';

import { Storage, type File } from '@google-cloud/storage';

/** Seven days in seconds: the longest X-Goog-Expires that Cloud Storage accepts. */
export const MAX_V4_LIFETIME_SECONDS = 604_800;

export type GcsMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface GcsSignerOptions {
  /** XML API base URL, e.g. `https://storage.googleapis.com` or `http://127.0.0.1:<port>`. */
  endpoint: string;
  clientEmail: string;
  /** PEM private key of the service account, with real line breaks. */
  privateKey: string;
  bucket: string;
}

export interface UrlSignRequest {
  objectName: string;
  method: GcsMethod;
  lifetimeSeconds: number;
  /** Query parameters that the signature covers, such as `X-User` or `uploadId`. */
  queryParams?: Record<string, string>;
  /** Headers, named in lowercase, that the request must carry with exactly these values. */
  extensionHeaders?: Record<string, string>;
}

export interface SignedUrl {
  url: string;
  expiresAt: Date;
}

/** The File.getSignedUrl action of each method that it signs directly. */
const ACTION_OF_METHOD: Partial<Record<GcsMethod, 'read' | 'write' | 'delete'>> = {
  GET: 'read',
  PUT: 'write',
  DELETE: 'delete',
};

/** Signs V4 URLs for objects of one bucket with a service account key. */
export class GcsUrlSigner {
  private readonly storage: Storage;

  constructor(private readonly options: GcsSignerOptions) {
    checkPrivateKey(options.clientEmail, options.privateKey);
    this.storage = new Storage({
      apiEndpoint: options.endpoint,
      credentials: { client_email: options.clientEmail, private_key: options.privateKey },
    });
  }

  /** Signs one request and returns the URL and the instant GCS stops accepting it. */
  async sign(request: UrlSignRequest): Promise<SignedUrl> {
    const file = this.storage.bucket(this.options.bucket).file(request.objectName);

    // X-Goog-Date has whole seconds, so round down first; then expiresAt is the instant that
    // GCS enforces (X-Goog-Date + X-Goog-Expires).
    const accessibleAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expiresAt = new Date(accessibleAt.getTime() + request.lifetimeSeconds * 1000);
    const config = {
      version: 'v4' as const,
      accessibleAt,
      expires: expiresAt,
      extensionHeaders: request.extensionHeaders ?? {},
      queryParams: request.queryParams ?? {},
    };

    const action = ACTION_OF_METHOD[request.method];
    if (action !== undefined) {
      const [url] = await file.getSignedUrl({ ...config, action });
      return { url, expiresAt };
    }

    // File.getSignedUrl signs POST only as action "resumable", which adds a signed
    // `x-goog-resumable: start` header, and it has no HEAD action. XML API multipart initiate
    // and complete need a plain POST, so POST and HEAD go through the URLSigner that a File
    // creates on its first getSignedUrl call. Its config type lists no HEAD, but it signs
    // whatever method string it gets.
    const signer = await urlSignerOf(file, expiresAt);
    const url = await signer.getSignedUrl({ ...config, method: request.method as 'POST' });
    return { url, expiresAt };
  }
}

type FileUrlSigner = NonNullable<File['signer']>;

/** Returns File.signer (@google-cloud/storage 7.22), creating it with a discarded GET signature. */
async function urlSignerOf(file: File, expires: Date): Promise<FileUrlSigner> {
  if (file.signer === undefined) {
    await file.getSignedUrl({ version: 'v4', action: 'read', expires });
  }
  if (file.signer === undefined) {
    throw new Error(
      'File.signer is missing after getSignedUrl: this @google-cloud/storage version signs URLs differently, so use version 7.',
    );
  }
  return file.signer;
}

function checkPrivateKey(clientEmail: string, privateKey: string): void {
  if (privateKey.trim() === '') {
    throw new Error(
      `Missing private key for service account "${clientEmail}": set private_key from its JSON key.`,
    );
  }
  try {
    createPrivateKey(privateKey);
  } catch {
    // The parser's message is dropped because some OpenSSL messages quote key material.
    throw new Error(
      `Invalid private key for service account "${clientEmail}": expected the PEM private_key of its JSON key, with real line breaks.`,
    );
  }
}
