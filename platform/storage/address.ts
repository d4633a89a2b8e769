// Storage addresses in the forms that W&B's secure storage connector (BYOB) documents:
//
//   s3://<accessKey>:<secretKey>@<endpoint>/<bucket>?region=<region>&tls=true|false
//   cw://<accessKey>:<secretKey>@<endpoint>/<bucket>?region=<region>&tls=true|false
//   cw://   (bare: a self-managed deployment's CoreWeave instance bucket)
//   gs://<serviceAccountEmail>:<urlEncodedPrivateKey>@<bucket>?endpoint=<url>
//   az://:<urlEncodedAccountKey>@<account>/<container>?endpoint=<url>
//
// Any form may add a sub-path after the bucket or container (`…/<bucket>/team/a`).
// `?endpoint=` on gs:// and az:// points at a local stand-in such as Azurite.

import { StorageAddressError, storageAddressError } from './address-error';
import type { RaiseAddressError } from './address-fields';
import { parseAzureAddress } from './address-azure';
import { parseGcsAddress } from './address-gcs';
import { maskStorageAddress, shortenAccessKey, splitCredentials } from './address-redact';
import { parseS3Address } from './address-s3';
import {
  DEFAULT_GCS_ENDPOINT,
  defaultAzureEndpoint,
  type CoreWeaveDeploymentAddress,
  type StorageAddress,
} from './address-types';

export { StorageAddressError, type StorageAddressErrorCode } from './address-error';
export { redactStorageAddress } from './address-redact';
export type {
  AzureStorageAddress,
  CoreWeaveDeploymentAddress,
  GcsStorageAddress,
  S3StorageAddress,
  StorageAddress,
} from './address-types';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SUPPORTED_SCHEMES =
  'use s3:// (AWS or S3-compatible), cw:// (CoreWeave), gs:// (Google Cloud Storage) or az:// (Azure)';

const CREDENTIAL_FORMS: Record<string, string> = {
  s3: 'write it as s3://<accessKey>:<secretKey>@<endpoint>/<bucket>?region=<region>',
  cw: "write it as cw://<accessKey>:<secretKey>@cwobject.com/<bucket>?region=<region>, or as a bare cw:// for the deployment's CoreWeave bucket",
  gs: 'write it as gs://<serviceAccountEmail>:<urlEncodedPrivateKey>@<bucket>',
  az: 'write it as az://:<urlEncodedAccountKey>@<account>/<container>',
};

const DEPLOYMENT_COREWEAVE: CoreWeaveDeploymentAddress = Object.freeze({
  provider: 's3',
  flavor: 'coreweave',
  fromDeployment: true,
});

/**
 * Parses one storage address into its decoded parts.
 *
 * Throws StorageAddressError with a stable `code` and a one-line message that shows the
 * address with its secrets masked. Surrounding whitespace is ignored.
 */
export function parseStorageAddress(text: string): StorageAddress {
  const trimmed = text.trim();
  const masked = trimmed === '' ? '(empty)' : maskStorageAddress(trimmed);
  const raise: RaiseAddressError = (code, problem, fix) => {
    throw storageAddressError(code, masked, problem, fix);
  };

  if (trimmed === '') {
    raise('EMPTY_ADDRESS', 'is empty', SUPPORTED_SCHEMES);
  }

  const schemeMatch = SCHEME.exec(trimmed);
  if (schemeMatch === null) {
    raise('UNKNOWN_SCHEME', 'has no scheme', SUPPORTED_SCHEMES);
  }

  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  const rest = trimmed.slice(schemeMatch[0].length);
  if (scheme === 'cw' && rest === '') {
    return DEPLOYMENT_COREWEAVE;
  }

  const credentialForm = CREDENTIAL_FORMS[scheme];
  if (credentialForm === undefined) {
    raise('UNKNOWN_SCHEME', `uses the unsupported scheme ${scheme}://`, SUPPORTED_SCHEMES);
  }

  const credentials = splitCredentials(rest);
  if (credentials === null) {
    raise('MISSING_CREDENTIALS', 'has no <user>:<key>@ credentials', credentialForm);
  }

  switch (scheme) {
    case 's3':
    case 'cw':
      return parseS3Address(scheme, credentials, raise);
    case 'gs':
      return parseGcsAddress(credentials, raise);
    default:
      return parseAzureAddress(credentials, raise);
  }
}

function joinBucketPath(bucket: string, path: string): string {
  return path === '' ? bucket : `${bucket}/${path}`;
}

/**
 * Returns a one-line description without secrets, for logs and the UI, such as
 * `s3://AKIA…@127.0.0.1:8000/bucket (region us-east-1)`, `gs://bucket` or
 * `az://account/container`. A stand-in endpoint is named in brackets.
 */
export function describeStorageAddress(address: StorageAddress): string {
  switch (address.provider) {
    case 's3': {
      if (address.fromDeployment) {
        return "cw:// (the deployment's CoreWeave bucket)";
      }
      const scheme = address.flavor === 'coreweave' ? 'cw' : 's3';
      const user = shortenAccessKey(address.accessKeyId);
      const host = new URL(address.endpoint).host;
      const location = joinBucketPath(address.bucket, address.path);
      const details = address.tls ? `region ${address.region}` : `region ${address.region}, no TLS`;
      return `${scheme}://${user}@${host}/${location} (${details})`;
    }

    case 'gcs': {
      const name = `gs://${joinBucketPath(address.bucket, address.path)}`;
      return address.endpoint === DEFAULT_GCS_ENDPOINT
        ? name
        : `${name} (endpoint ${address.endpoint})`;
    }

    case 'azure': {
      const name = `az://${address.accountName}/${joinBucketPath(address.container, address.path)}`;
      const isDefault = address.endpoint === defaultAzureEndpoint(address.accountName);
      return isDefault ? name : `${name} (endpoint ${address.endpoint})`;
    }
  }
}

/**
 * Commas that start a new address: a comma, optional whitespace, then `scheme://`.
 *
 * A properly encoded address has no raw comma, because encodeURIComponent turns `,` into
 * `%2C`, and base64 account keys, PEM keys and AWS keys contain none. RFC 3986 still allows a
 * raw comma in userinfo, so a hand-written S3 secret may carry one. Splitting only where a
 * scheme follows keeps such a comma inside its address instead of cutting the key in two.
 */
const LIST_SEPARATOR = /,\s*(?=[A-Za-z][A-Za-z0-9+.-]*:\/\/)/;

/**
 * Parses a comma-separated list of addresses, the form of W&B's
 * `GORILLA_SUPPORTED_FILE_STORES`. Empty entries and trailing commas are ignored. An error
 * names the entry's position in the list.
 */
export function parseStorageAddressList(text: string): StorageAddress[] {
  const entries = text
    .split(LIST_SEPARATOR)
    .map((entry) => entry.replace(/^[\s,]+|[\s,]+$/g, ''))
    .filter((entry) => entry !== '');

  return entries.map((entry, index) => {
    try {
      return parseStorageAddress(entry);
    } catch (error) {
      if (!(error instanceof StorageAddressError)) {
        throw error;
      }
      const position = `Entry ${index + 1} of ${entries.length} in the storage address list`;
      throw new StorageAddressError(error.code, `${position}: ${error.message}`, error.address);
    }
  });
}
