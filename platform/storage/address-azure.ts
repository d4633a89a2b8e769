// Parsing of az:// addresses after the credentials have been split off.

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
import { defaultAzureEndpoint, type AzureStorageAddress } from './address-types';

const FORM = 'az://:<urlEncodedAccountKey>@<account>/<container>';

/** Azure naming rules: accounts are 3 to 24 lowercase letters and digits. */
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** Containers are 3 to 63 lowercase letters, digits and single hyphens between them. */
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** True for hosts that Azurite serves path-style, with the account as the first path segment. */
function isPathStyleHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname.startsWith('[')
  );
}

/**
 * Parses the `endpoint` option. A path-style endpoint gets `/<account>` appended when its path
 * is empty, and must not name another account.
 *
 * NOTE: An Azurite stand-in reached by a host name (`http://azurite:10000`) is not recognised
 * as path-style, so its endpoint must already end in `/<account>`.
 */
function resolveEndpoint(
  option: string | undefined,
  accountName: string,
  raise: RaiseAddressError,
): string {
  if (option === undefined) {
    return defaultAzureEndpoint(accountName);
  }

  const example = `for example ?endpoint=http://127.0.0.1:10000/${accountName}`;
  const url = parseEndpointOption(option, example, raise);
  if (!isPathStyleHost(url.hostname)) {
    return formatEndpoint(url);
  }

  if (url.pathname === '' || url.pathname === '/') {
    url.pathname = `/${accountName}`;
  } else if (url.pathname !== `/${accountName}`) {
    raise(
      'INVALID_ENDPOINT',
      `has an endpoint whose path ${quote(url.pathname)} does not name the account ${quote(accountName)}`,
      `end the endpoint with /${accountName}, ${example}`,
    );
  }
  return formatEndpoint(url);
}

/** Parses `:<urlEncodedAccountKey>@<account>/<container>[/<path>][?endpoint=<url>]`. */
export function parseAzureAddress(
  credentials: CredentialSplit,
  raise: RaiseAddressError,
): AzureStorageAddress {
  if (credentials.user !== '') {
    raise(
      'INVALID_CREDENTIALS',
      'has text before the : of its credentials',
      `leave it empty and put the account after the @: ${FORM}`,
    );
  }
  if (credentials.secret === '') {
    raise('MISSING_CREDENTIALS', 'has an empty account key', `write it as ${FORM}`);
  }

  const accountKey = decodeKey(credentials.secret, 'strict', 'an account key', raise);
  if (looksEncodedTwice(accountKey)) {
    raise(
      'INVALID_CREDENTIALS',
      'has an account key that still contains %-escapes after decoding',
      'URL-encode the key once, not twice',
    );
  }
  if (!BASE64.test(accountKey) || accountKey.length % 4 !== 0) {
    raise(
      'INVALID_CREDENTIALS',
      'has an account key that is not base64',
      "copy key1 or key2 from the storage account's access keys and URL-encode it (encodeURIComponent)",
    );
  }

  const { path: location, query } = splitQuery(credentials.location);
  const segments = location.split('/').filter((segment) => segment !== '');
  const [accountSegment, containerSegment] = segments;

  if (accountSegment === undefined) {
    raise('MISSING_ACCOUNT', 'has no storage account after the @', `write it as ${FORM}`);
  }
  const accountName = decodeComponent(accountSegment) ?? accountSegment;
  if (!ACCOUNT_NAME.test(accountName)) {
    raise(
      'INVALID_ACCOUNT',
      `has the storage account name ${quote(accountName)}`,
      'Azure storage account names are 3 to 24 lowercase letters and digits',
    );
  }

  if (containerSegment === undefined) {
    raise('MISSING_BUCKET', 'has no container after the storage account', `write it as ${FORM}`);
  }
  const container = decodeComponent(containerSegment) ?? containerSegment;
  if (!CONTAINER_NAME.test(container)) {
    raise(
      'INVALID_BUCKET',
      `has the container name ${quote(container)}`,
      'Azure container names are 3 to 63 lowercase letters, digits and single hyphens between them',
    );
  }

  const options = parseOptions(query, ['endpoint'], 'az', raise);

  return {
    provider: 'azure',
    accountName,
    accountKey,
    container,
    path: normalisePath(segments.slice(2), raise),
    endpoint: resolveEndpoint(options.get('endpoint'), accountName, raise),
  };
}
