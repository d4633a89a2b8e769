// Checks of the GCS provider's settings and object names, so mistakes fail when the provider
// opens or a URL is requested, with a message that names the value, instead of as a 403 later.
// Name rules follow Google's "Bucket naming" and "Object naming" pages.
import { MAX_V4_LIFETIME_SECONDS } from './gcs-signing.ts';
import type { UrlLifetimes } from './provider.ts';

/** Lowercase letters, digits, dashes, underscores and dots, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;
const MAX_OBJECT_NAME_BYTES = 1024;

export interface GcsSettings {
  endpoint: string;
  clientEmail: string;
  bucket: string;
  lifetimes: UrlLifetimes;
}

/** Throws on an invalid setting and returns the parsed endpoint. */
export function checkGcsOptions(settings: GcsSettings): URL {
  const endpoint = parseEndpoint(settings.endpoint);
  if (settings.clientEmail.trim() === '') {
    throw new Error(
      'Missing GCS service account: set clientEmail to the client_email of its JSON key.',
    );
  }
  checkBucketName(settings.bucket);

  for (const [name, seconds] of Object.entries(settings.lifetimes)) {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) {
      throw new Error(
        `Invalid URL lifetime ${name}=${seconds}: expected a positive whole number of seconds.`,
      );
    }
    if (seconds > MAX_V4_LIFETIME_SECONDS) {
      throw new Error(
        `Invalid URL lifetime ${name}=${seconds}: GCS V4 signed URLs last at most ${MAX_V4_LIFETIME_SECONDS} seconds (7 days), so lower it.`,
      );
    }
  }
  return endpoint;
}

function parseEndpoint(text: string): URL {
  let endpoint: URL;
  try {
    endpoint = new URL(text);
  } catch {
    throw new Error(
      `Invalid GCS endpoint "${text}": expected a URL such as https://storage.googleapis.com.`,
    );
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new Error(`Invalid GCS endpoint "${text}": use an http:// or https:// URL.`);
  }
  // The signer builds the path from bucket and object alone, so a base path would be dropped.
  if (endpoint.pathname !== '/' || endpoint.search !== '' || endpoint.hash !== '') {
    throw new Error(
      `Invalid GCS endpoint "${text}": remove the path and query, e.g. ${endpoint.origin}.`,
    );
  }
  return endpoint;
}

function checkBucketName(bucket: string): void {
  const maxLength = bucket.includes('.') ? 222 : 63;
  const valid =
    BUCKET_NAME.test(bucket) &&
    bucket.length >= 3 &&
    bucket.length <= maxLength &&
    bucket.split('.').every((component) => component.length >= 1 && component.length <= 63);
  if (!valid) {
    throw new Error(
      `Invalid GCS bucket name "${bucket}": use 3-63 lowercase letters, digits, dashes, underscores and dots (up to 222 with dots, 63 between dots), starting and ending with a letter or digit.`,
    );
  }
}

/** Joins the prefix and a path into an object name and checks it against GCS's rules. */
export function objectNameIn(prefix: string, path: string): string {
  if (path === '') {
    throw new Error('Invalid object path "": the path must name a file inside the bucket.');
  }
  const name = prefix === '' ? path : `${prefix}/${path}`;

  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_OBJECT_NAME_BYTES) {
    throw new Error(
      `Object name of ${bytes} bytes exceeds GCS's limit of ${MAX_OBJECT_NAME_BYTES} bytes of UTF-8: shorten the path "${path}".`,
    );
  }
  if (/[\r\n]/.test(name)) {
    throw new Error(
      `Invalid object path ${JSON.stringify(path)}: GCS object names cannot contain line breaks.`,
    );
  }
  // URL parsers resolve "." and ".." segments, so such a name would sign and reach another object.
  if (name.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new Error(
      `Invalid object path "${path}": remove the "." and ".." segments, because URLs cannot address them.`,
    );
  }
  return name;
}
