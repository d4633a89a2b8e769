// Parsing of s3:// and cw:// addresses (AWS, S3-compatible servers, CoreWeave) after the
// credentials have been split off.

import type { CredentialSplit } from './address-redact';
import {
  decodeComponent,
  decodeKey,
  formatEndpoint,
  normalisePath,
  parseEndpointHost,
  parseOptions,
  quote,
  splitQuery,
  type RaiseAddressError,
} from './address-fields';
import type { S3StorageAddress } from './address-types';

/** Region names as AWS, MinIO (`us-east-1`), Ceph (`default`) and CoreWeave write them. */
const REGION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** AWS bucket naming rule: 3 to 63 lowercase letters, digits, dots and hyphens. */
const AWS_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * Looser rule for other servers, which may relax AWS's rule. Ceph RADOS Gateway accepts upper
 * case and underscores when rgw_relaxed_s3_bucket_names is set.
 */
const S3_COMPATIBLE_BUCKET_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$/;

/** CoreWeave AI Object Storage hosts: the primary endpoint and LOTA, its plain-HTTP node cache. */
const COREWEAVE_HOSTS = ['cwobject.com', 'cwlota.com'];
const COREWEAVE_LOTA_HOST = 'cwlota.com';

/**
 * Returns whether the host is one of AWS's S3 endpoints, and the region its name carries.
 *
 * NOTE: Recognises `s3.amazonaws.com` (the legacy global endpoint, region us-east-1),
 * `s3.<region>.amazonaws.com` and `s3.dualstack.<region>.amazonaws.com`. Other AWS host
 * forms (FIPS, China, virtual-hosted bucket names) count as S3-compatible and need ?region=.
 */
function readAwsHost(hostname: string): { isAws: boolean; region: string | null } {
  if (hostname === 's3.amazonaws.com') {
    return { isAws: true, region: null };
  }

  const regional = /^s3(?:\.dualstack)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(hostname);
  return regional === null
    ? { isAws: false, region: null }
    : { isAws: true, region: regional[1] ?? null };
}

function parseTls(
  value: string | undefined,
  defaultTls: boolean,
  raise: RaiseAddressError,
): boolean {
  if (value === undefined) {
    return defaultTls;
  }

  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    raise(
      'INVALID_OPTION',
      `has tls=${quote(value)}`,
      'use tls=true for HTTPS or tls=false for plain HTTP',
    );
  }
  return lower === 'true';
}

function chooseFlavor(
  scheme: 's3' | 'cw',
  hostname: string,
  isAws: boolean,
): S3StorageAddress['flavor'] {
  if (isAws) {
    return 'aws';
  }
  if (scheme === 'cw' || COREWEAVE_HOSTS.includes(hostname)) {
    return 'coreweave';
  }
  return 's3-compatible';
}

/** Picks the signing region, which only AWS's own endpoints may leave out. */
function resolveRegion(
  scheme: 's3' | 'cw',
  regionOption: string | undefined,
  aws: { isAws: boolean; region: string | null },
  raise: RaiseAddressError,
): string {
  if (regionOption !== undefined && regionOption !== '' && !REGION_NAME.test(regionOption)) {
    raise(
      'INVALID_OPTION',
      `has the region ${quote(regionOption)}`,
      'use a region name of letters, digits, - and _, for example ?region=us-east-1',
    );
  }

  const explicitRegion = regionOption === '' ? undefined : regionOption;
  if (aws.isAws) {
    if (explicitRegion !== undefined && aws.region !== null && explicitRegion !== aws.region) {
      raise(
        'REGION_MISMATCH',
        `has ?region=${explicitRegion} but its host is in ${aws.region}`,
        `drop ?region= or set it to ${aws.region}`,
      );
    }
    return explicitRegion ?? aws.region ?? 'us-east-1';
  }

  if (explicitRegion === undefined) {
    const fix =
      scheme === 'cw'
        ? 'CoreWeave endpoints need ?region=<region>, the region the bucket was created in'
        : 'S3-compatible endpoints need ?region=<region>, for example ?region=us-east-1';
    raise('MISSING_REGION', 'has no region', fix);
  }
  return explicitRegion;
}

/** Parses `<accessKey>:<secretKey>@<host[:port]>/<bucket>[/<path>]?region=…&tls=…`. */
export function parseS3Address(
  scheme: 's3' | 'cw',
  credentials: CredentialSplit,
  raise: RaiseAddressError,
): S3StorageAddress {
  const form = `${scheme}://<accessKey>:<secretKey>@<endpoint>/<bucket>?region=<region>`;

  if (credentials.user === '' || credentials.secret === '') {
    raise('MISSING_CREDENTIALS', 'has an empty access key or secret key', `write it as ${form}`);
  }
  const accessKeyId = decodeKey(credentials.user, 'userinfo', 'an access key', raise);
  const secretAccessKey = decodeKey(credentials.secret, 'userinfo', 'a secret key', raise);

  const { path: location, query } = splitQuery(credentials.location);
  const options = parseOptions(query, ['region', 'tls'], scheme, raise);

  const [hostAndPort = '', ...afterHost] = location.split('/');
  const hostname = hostAndPort.replace(/:\d*$/, '').toLowerCase();
  const tls = parseTls(options.get('tls'), hostname !== COREWEAVE_LOTA_HOST, raise);
  const { endpoint } = parseEndpointHost(hostAndPort, tls, raise);

  const aws = readAwsHost(hostname);
  const region = resolveRegion(scheme, options.get('region'), aws, raise);
  const flavor = chooseFlavor(scheme, hostname, aws.isAws);

  const segments = afterHost.filter((segment) => segment !== '');
  const bucketSegment = segments[0];
  if (bucketSegment === undefined) {
    raise('MISSING_BUCKET', 'has no bucket after the endpoint', `write it as ${form}`);
  }

  const bucket = decodeComponent(bucketSegment) ?? bucketSegment;
  const bucketRule = flavor === 'aws' ? AWS_BUCKET_NAME : S3_COMPATIBLE_BUCKET_NAME;
  if (!bucketRule.test(bucket)) {
    const fix =
      flavor === 'aws'
        ? 'AWS bucket names are 3 to 63 lowercase letters, digits, dots and hyphens'
        : 'bucket names are letters, digits, dots, hyphens and underscores that start and end with a letter or digit';
    raise('INVALID_BUCKET', `has the bucket name ${quote(bucket)}`, fix);
  }

  return {
    provider: 's3',
    flavor,
    fromDeployment: false,
    accessKeyId,
    secretAccessKey,
    endpoint: formatEndpoint(endpoint),
    region,
    tls,
    forcePathStyle: flavor === 's3-compatible',
    bucket,
    path: normalisePath(segments.slice(1), raise),
  };
}
