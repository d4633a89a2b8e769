// Parsing of gs:// addresses after the credentials have been split off.

import { createPrivateKey, type KeyObject } from 'node:crypto';

import type { CredentialSplit } from './address-redact';
import {
  decodeComponent,
  decodeKey,
  formatEndpoint,
  looksEncodedTwice,
  normalisePath,
  parseEndpointOption,
  parseOptions,
  quote,
  splitQuery,
  type RaiseAddressError,
} from './address-fields';
import { DEFAULT_GCS_ENDPOINT, type GcsStorageAddress } from './address-types';

const FORM = 'gs://<serviceAccountEmail>:<urlEncodedPrivateKey>@<bucket>';

/**
 * GCS bucket naming rule: lowercase letters, digits, `-`, `_` and `.`, starting and ending
 * with a letter or digit. Names are 3 to 63 characters long, or up to 222 when they contain dots.
 */
const GCS_BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const KEY_SOURCE_FIX =
  'use the private_key field of the service account JSON key file, URL-encoded with encodeURIComponent';

/**
 * Checks that the decoded key is an unencrypted PEM private key that Node can load. GCS
 * service account keys are RSA keys in PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`).
 */
function validatePrivateKey(pem: string, raise: RaiseAddressError): void {
  if (looksEncodedTwice(pem)) {
    raise(
      'INVALID_PRIVATE_KEY',
      'has a private key that still contains %-escapes after decoding',
      'URL-encode the PEM once, not twice',
    );
  }

  // Copying the key out of the JSON file by hand keeps its `\n` escapes as two characters.
  if (pem.includes('\\n') && !pem.includes('\n')) {
    raise(
      'INVALID_PRIVATE_KEY',
      'has a private key with literal \\n escapes instead of line breaks',
      'URL-encode JSON.parse(keyFile).private_key, which has real line breaks',
    );
  }

  if (
    !/-----BEGIN (?:RSA )?PRIVATE KEY-----/.test(pem) ||
    !/-----END (?:RSA )?PRIVATE KEY-----/.test(pem)
  ) {
    raise(
      'INVALID_PRIVATE_KEY',
      'has a private key that does not decode to a PEM private key',
      KEY_SOURCE_FIX,
    );
  }

  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The crypto error is dropped rather than chained, so no part of the key can reach a log.
    raise('INVALID_PRIVATE_KEY', 'has a PEM private key that Node.js cannot load', KEY_SOURCE_FIX);
  }

  if (key.asymmetricKeyType !== 'rsa') {
    raise(
      'INVALID_PRIVATE_KEY',
      `has a ${key.asymmetricKeyType ?? 'non-RSA'} private key, not an RSA key`,
      KEY_SOURCE_FIX,
    );
  }
}

/** Parses `<serviceAccountEmail>:<urlEncodedPrivateKey>@<bucket>[/<path>][?endpoint=<url>]`. */
export function parseGcsAddress(
  credentials: CredentialSplit,
  raise: RaiseAddressError,
): GcsStorageAddress {
  if (credentials.user === '' || credentials.secret === '') {
    raise(
      'MISSING_CREDENTIALS',
      'has an empty service account email or private key',
      `write it as ${FORM}`,
    );
  }

  const clientEmail = decodeComponent(credentials.user) ?? credentials.user;
  if (!EMAIL.test(clientEmail)) {
    raise(
      'INVALID_CREDENTIALS',
      `has the service account ${quote(clientEmail)}, which is not an email address`,
      'use the client_email field of the service account JSON key file',
    );
  }

  const privateKey = decodeKey(credentials.secret, 'strict', 'a private key', raise);
  validatePrivateKey(privateKey, raise);

  const { path: location, query } = splitQuery(credentials.location);
  const segments = location.split('/').filter((segment) => segment !== '');
  const bucketSegment = segments[0];
  if (bucketSegment === undefined) {
    raise('MISSING_BUCKET', 'has no bucket after the @', `write it as ${FORM}`);
  }

  const bucket = decodeComponent(bucketSegment) ?? bucketSegment;
  const maxLength = bucket.includes('.') ? 222 : 63;
  if (!GCS_BUCKET_NAME.test(bucket) || bucket.length > maxLength) {
    raise(
      'INVALID_BUCKET',
      `has the bucket name ${quote(bucket)}`,
      'GCS bucket names are 3 to 63 lowercase letters, digits, hyphens and underscores, or up to 222 with dots',
    );
  }

  const options = parseOptions(query, ['endpoint'], 'gs', raise);
  const endpointOption = options.get('endpoint');
  const endpoint =
    endpointOption === undefined
      ? DEFAULT_GCS_ENDPOINT
      : formatEndpoint(
          parseEndpointOption(endpointOption, 'for example ?endpoint=http://127.0.0.1:4443', raise),
        );

  return {
    provider: 'gcs',
    clientEmail,
    privateKey,
    bucket,
    path: normalisePath(segments.slice(1), raise),
    endpoint,
  };
}
