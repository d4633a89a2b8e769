// The S3 client and the pre-signed URLs it mints. Every URL carries the requesting user as the
// query parameter `X-User`, as W&B's own URLs do, so the bucket's access logs show who used it.
// The parameter is added before signing, so SigV4 covers it and S3 rejects a changed value.
import {
  S3Client,
  type $Command,
  type S3ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Name of the signed query parameter that records the requesting user. */
export const USER_QUERY_PARAMETER = 'X-User';

/**
 * Maximum lifetime of a SigV4 pre-signed URL, in seconds: 7 days (604800 in the AWS CLI's
 * `s3 presign` reference). @smithy/signature-v4 rejects longer lifetimes.
 */
export const MAX_PRESIGNED_URL_SECONDS = 7 * 24 * 60 * 60;

export interface S3ClientSettings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/**
 * Builds a client that talks only to `endpoint` with the given keys, so the SDK never looks for
 * credentials elsewhere (environment, profiles, instance metadata) or resolves an AWS endpoint.
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
    },
    // The default (WHEN_SUPPORTED) makes pre-signed PUT URLs carry `x-amz-checksum-crc32` of
    // an empty body, which AWS S3 rejects once the client sends real bytes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Fixed here so AWS_* environment variables cannot change them. The `auto` defaults mode
    // queries instance metadata, and FIPS or dual-stack change the endpoint.
    defaultsMode: 'legacy',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
  });
}

/**
 * Returns the signing time and expiry of a URL signed at `now`. X-Amz-Date has whole seconds,
 * so `now` is rounded down first, which makes expiresAt the instant S3 enforces.
 */
export function presignTimes(now: Date, lifetimeSeconds: number) {
  const signingDate = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { signingDate, expiresAt: new Date(signingDate.getTime() + lifetimeSeconds * 1000) };
}

export interface PresignRequest {
  username: string;
  lifetimeSeconds: number;
  now: Date;
}

/**
 * Signs `command` as a URL that includes `X-User=<username>` in its signed query string, and
 * returns it with the moment S3 stops accepting it. SSE headers stay headers (the presigner
 * never moves `x-amz-server-side-encryption*` into the query), so clients must send them.
 */
export async function presignWithUser<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
>(
  client: S3Client,
  command: $Command<Input, Output, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>,
  request: PresignRequest,
): Promise<{ url: string; expiresAt: Date }> {
  const { signingDate, expiresAt } = presignTimes(request.now, request.lifetimeSeconds);

  // The build step runs before the presigner's own step (just ahead of signing), so the
  // parameter is part of the canonical query string that the signature covers.
  command.middlewareStack.add(
    (next) => async (args) => {
      const httpRequest = args.request as { query?: Record<string, string | string[] | null> };
      if (httpRequest.query === undefined) {
        throw new Error(`Cannot add ${USER_QUERY_PARAMETER} to the S3 request: it has no query.`);
      }
      httpRequest.query[USER_QUERY_PARAMETER] = request.username;
      return next(args);
    },
    { step: 'build', name: 'addSignedUserQueryMiddleware' },
  );

  const url = await getSignedUrl(client, command, {
    expiresIn: request.lifetimeSeconds,
    signingDate,
  });

  // A URL without the user would still work, so check rather than trust the middleware order.
  if (new URL(url).searchParams.get(USER_QUERY_PARAMETER) !== request.username) {
    throw new Error(
      `The pre-signed S3 URL lacks ${USER_QUERY_PARAMETER}=${request.username}: the SDK's middleware order changed, so update addSignedUserQueryMiddleware.`,
    );
  }
  return { url, expiresAt };
}
