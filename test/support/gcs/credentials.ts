// Who may call the GCS double. Two kinds of caller are accepted and nothing else:
//   1. a V4 signed URL (GOOG4-RSA-SHA256) signed by a service account the double registered;
//   2. a request with `Authorization: Bearer <token>` whose token a test registered. The double
//      accepts it in place of an OAuth access token of the platform's own credentials.
// Every accepted caller may do everything: the double has no IAM.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { GcsError, notImplemented } from './errors';
import { isSignedUrl, verifySignedUrl, type SignedRequest } from './v4-signature';

/** The two fields of a service-account JSON key that V4 signing needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

export type Caller = { kind: 'signed-url'; clientEmail: string } | { kind: 'bearer-token' };

export class CredentialRegistry {
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly bearerTokens = new Set<string>();
  private accountCount = 0;

  constructor(readonly projectId: string) {}

  /** Creates a service account with a fresh 2048-bit RSA key pair and registers its public key. */
  createServiceAccount(): ServiceAccountKey {
    this.accountCount += 1;
    const clientEmail = `gcs-double-${this.accountCount}@${this.projectId}.iam.gserviceaccount.com`;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKeys.set(clientEmail, publicKey);
    return {
      client_email: clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }

  registerBearerToken(token: string): void {
    if (token.trim() === '' || /\s/.test(token)) {
      throw new Error('Invalid bearer token: use a non-empty string without whitespace.');
    }
    this.bearerTokens.add(token);
  }

  /**
   * Identifies the caller of a request or raises: the GcsError of a failed signed URL check,
   * 401 AuthenticationRequired for an unregistered bearer token, 403 AccessDenied without any
   * credentials, and 501 NotImplemented for other Authorization schemes.
   */
  authorize(request: SignedRequest, query: URLSearchParams, now: Date = new Date()): Caller {
    if (isSignedUrl(query)) {
      const clientEmail = verifySignedUrl(request, (email) => this.publicKeys.get(email), now);
      return { kind: 'signed-url', clientEmail };
    }

    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') {
      throw new GcsError(
        403,
        'AccessDenied',
        'Anonymous caller: send a V4 signed URL or a registered bearer token.',
      );
    }

    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) {
      throw notImplemented(
        `the Authorization scheme ${authorization.split(/\s/)[0]}; use a V4 signed URL or a bearer token`,
      );
    }
    if (!this.bearerTokens.has(match[1]!)) {
      throw new GcsError(
        401,
        'AuthenticationRequired',
        'The bearer token is not registered; register it with registerBearerToken first.',
      );
    }
    return { kind: 'bearer-token' };
  }
}
