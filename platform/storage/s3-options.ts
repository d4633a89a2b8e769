// Input checks of the S3 provider, so a bad setting fails when the provider opens, with one line
// that names it, and not on the first request with an SDK error.
import type { UrlLifetimes } from './provider.ts';
import { MAX_PRESIGNED_URL_SECONDS, type S3ClientSettings } from './s3-presign.ts';

// AWS allows 3-63 lowercase letters, digits, dots and hyphens. S3-compatible servers and old
// us-east-1 buckets also allow upper case and underscores, and Ceph up to 255 characters with
// `rgw_relaxed_s3_bucket_names`, so only characters that cannot work in a URL are rejected.
const BUCKET_NAME = /^[A-Za-z0-9._-]{1,255}$/;

export interface S3OptionsToCheck extends S3ClientSettings {
  bucket: string;
  kmsKeyId?: string;
  lifetimes: UrlLifetimes;
}

/** Throws one line naming the first invalid option and how to fix it. */
export function validateS3Options(options: S3OptionsToCheck): void {
  if (!BUCKET_NAME.test(options.bucket)) {
    throw new Error(
      `Invalid S3 bucket name "${options.bucket}": use letters, digits, dots, hyphens and underscores (AWS allows 3-63 lowercase ones).`,
    );
  }

  let endpoint: URL | undefined;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    endpoint = undefined;
  }
  if (endpoint === undefined || !['http:', 'https:'].includes(endpoint.protocol)) {
    throw new Error(
      `Invalid S3 endpoint "${options.endpoint}" for bucket "${options.bucket}": use an http:// or https:// URL such as https://s3.us-east-1.amazonaws.com.`,
    );
  }

  if (options.region === '') {
    throw new Error(
      `Missing S3 region for bucket "${options.bucket}": set region (e.g. us-east-1).`,
    );
  }
  if (options.accessKeyId === '' || options.secretAccessKey === '') {
    throw new Error(
      `Missing S3 access key id or secret access key for bucket "${options.bucket}": set both.`,
    );
  }
  if (options.kmsKeyId === '') {
    throw new Error(
      `Empty KMS key id for bucket "${options.bucket}": set a key id or ARN, or leave kmsKeyId unset.`,
    );
  }

  for (const [name, seconds] of Object.entries(options.lifetimes)) {
    if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds > MAX_PRESIGNED_URL_SECONDS) {
      throw new Error(
        `Invalid URL lifetime ${name}=${seconds}: S3 pre-signed URLs need a whole number of seconds from 1 to ${MAX_PRESIGNED_URL_SECONDS} (7 days).`,
      );
    }
  }
}

/** Throws unless `md5Base64` is the base64 form of a 16-byte MD5 digest. */
export function assertMd5Base64(md5Base64: string): void {
  const digest = Buffer.from(md5Base64, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== md5Base64) {
    throw new Error(
      `Invalid MD5 "${md5Base64}": expected the base64 encoding of a 16-byte digest (24 characters ending in "==").`,
    );
  }
}
