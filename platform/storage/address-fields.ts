// Checks and decoding for the parts of a storage address: options, keys, hosts, endpoint
// URLs, names and sub-paths. Each check raises through the parser's `raise`, which adds the
// masked address, so nothing here ever formats a secret into a message.

import type { StorageAddressErrorCode } from './address-error';
import { isPlainOptionName } from './address-redact';

/** Throws a StorageAddressError about the address being parsed. */
export type RaiseAddressError = (
  code: StorageAddressErrorCode,
  problem: string,
  fix: string,
) => never;

/** Quotes a non-secret value for a message, escaping line breaks so the message stays one line. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Decodes %XX escapes, or returns null for a malformed escape or invalid UTF-8. */
export function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Splits `location?query` at the first `?`. The query is '' when there is none. */
export function splitQuery(location: string): { path: string; query: string } {
  const question = location.indexOf('?');
  if (question < 0) {
    return { path: location, query: '' };
  }

  return { path: location.slice(0, question), query: location.slice(question + 1) };
}

/**
 * Parses `name=value&name=value` into a map of decoded values. Rejects names outside
 * `allowed`, repeated names and names without a value. `+` stays `+`, as in a URL path.
 */
export function parseOptions(
  query: string,
  allowed: readonly string[],
  scheme: string,
  raise: RaiseAddressError,
): Map<string, string> {
  const options = new Map<string, string>();
  const supported = `${scheme}:// addresses accept ${allowed.map((name) => `?${name}=`).join(' and ')}`;

  for (const pair of query.split('&')) {
    if (pair === '') {
      continue;
    }

    const equals = pair.indexOf('=');
    const name = (decodeComponent(equals < 0 ? pair : pair.slice(0, equals)) ?? pair).toLowerCase();
    if (!allowed.includes(name)) {
      // A long or odd name may be a key pasted after the `?`, so only identifiers are shown.
      const shown = isPlainOptionName(name) ? ` ${quote(name)}` : '';
      raise('INVALID_OPTION', `has the unknown option${shown}`, supported);
    }
    if (equals < 0) {
      raise(
        'INVALID_OPTION',
        `has the option ${quote(name)} without a value`,
        `write ${name}=<value>`,
      );
    }
    if (options.has(name)) {
      raise('INVALID_OPTION', `sets the option ${quote(name)} twice`, 'keep one of them');
    }

    const value = decodeComponent(pair.slice(equals + 1));
    if (value === null) {
      raise(
        'INVALID_OPTION',
        `has a malformed %-escape in the option ${quote(name)}`,
        'URL-encode the value with encodeURIComponent',
      );
    }
    options.set(name, value);
  }

  return options;
}

/** Characters that encodeURIComponent leaves unchanged. */
const URL_ENCODED_CHARACTER = /^[A-Za-z0-9\-_.!~*'()]$/;
/** Characters allowed raw in URL userinfo by RFC 3986: unreserved, sub-delims and `:`. */
const USERINFO_CHARACTER = /^[A-Za-z0-9\-._~!$&'()*+,;=:]$/;

/** Names a character for a message without quoting anything that could be part of a key's value. */
function nameRawCharacter(character: string): string {
  if (character === '\n' || character === '\r') {
    return 'a raw line break';
  }
  if (character === ' ') {
    return 'a raw space';
  }
  if (/[\s\p{Cc}]/u.test(character)) {
    return 'a raw control character';
  }
  if (character.charCodeAt(0) > 0x7e) {
    return 'a non-ASCII character';
  }
  return `a raw '${character}'`;
}

/** Returns a description of the first character that URL encoding would have escaped, or null. */
function findRawCharacter(raw: string, allowedCharacter: RegExp): string | null {
  for (let i = 0; i < raw.length; i += 1) {
    const character = raw.charAt(i);

    if (character === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
        return "a '%' that is not followed by two hex digits";
      }
      i += 2;
      continue;
    }

    if (!allowedCharacter.test(character)) {
      return nameRawCharacter(character);
    }
  }

  return null;
}

/**
 * Checks that a key is URL-encoded and decodes it.
 *
 * `strict` accepts only what encodeURIComponent produces, so a raw base64 `+`, `/` or `=` or a
 * raw PEM line break is rejected even where a URL parser would tolerate it. `userinfo` accepts
 * what RFC 3986 allows raw in userinfo (`+` and `=` but not `/`), so a pasted AWS secret key
 * whose only special character is `+` still parses as any URL parser would read it.
 * `keyName` comes with its article ("an account key") and appears in messages.
 */
export function decodeKey(
  raw: string,
  mode: 'strict' | 'userinfo',
  keyName: string,
  raise: RaiseAddressError,
): string {
  const rawCharacter = findRawCharacter(
    raw,
    mode === 'strict' ? URL_ENCODED_CHARACTER : USERINFO_CHARACTER,
  );
  if (rawCharacter !== null) {
    raise(
      'KEY_NOT_URL_ENCODED',
      `has ${keyName} that is not URL-encoded (it contains ${rawCharacter})`,
      'URL-encode the key (encodeURIComponent) before putting it in the address',
    );
  }

  const decoded = decodeComponent(raw);
  if (decoded === null) {
    raise(
      'KEY_NOT_URL_ENCODED',
      `has ${keyName} whose %-escapes do not decode to UTF-8 text`,
      'URL-encode the original key once with encodeURIComponent',
    );
  }

  return decoded;
}

/** True when decoded text still contains %XX escapes, the sign of a key encoded twice. */
export function looksEncodedTwice(decoded: string): boolean {
  return /%[0-9A-Fa-f]{2}/.test(decoded);
}

/**
 * Parses the `endpoint` option of gs:// and az:// addresses: an absolute http or https URL
 * without credentials, query or fragment. Returns it without a trailing slash.
 */
export function parseEndpointOption(value: string, example: string, raise: RaiseAddressError): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The TypeError from `new URL` quotes its input, so it is dropped rather than chained.
    raise(
      'INVALID_ENDPOINT',
      'has an endpoint option that is not an absolute URL',
      `give an http:// or https:// URL, ${example}`,
    );
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    raise(
      'INVALID_ENDPOINT',
      `has an endpoint with the scheme ${quote(url.protocol)}`,
      `use http:// or https://, ${example}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    raise(
      'INVALID_ENDPOINT',
      'has an endpoint that carries credentials',
      'remove user:password@ from the endpoint because the key belongs before the @ of the address',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    raise(
      'INVALID_ENDPOINT',
      'has an endpoint with a query or fragment',
      `give only scheme, host, port and path, ${example}`,
    );
  }

  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** Host name, IPv4 address or bracketed IPv6 address, with an optional port. */
const HOST_AND_PORT =
  /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::(\d{1,5}))?$/;

/**
 * Parses the `host[:port]` of an s3:// or cw:// address into an endpoint URL, with `https`
 * when `tls` is true and `http` otherwise. Returns the URL and the lower-case host name.
 */
export function parseEndpointHost(
  hostAndPort: string,
  tls: boolean,
  raise: RaiseAddressError,
): { endpoint: URL; hostname: string } {
  const fix =
    'write a host name or IP address with an optional port, such as minio.local:9000, and use ?tls=false rather than an http:// prefix for plain HTTP';

  if (hostAndPort === '') {
    raise('INVALID_ENDPOINT', 'has no endpoint host after the @', fix);
  }

  const match = HOST_AND_PORT.exec(hostAndPort);
  if (match === null) {
    raise(
      'INVALID_ENDPOINT',
      `has the endpoint ${quote(hostAndPort)}, which is not a host or host:port`,
      fix,
    );
  }

  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) {
    raise('INVALID_ENDPOINT', `has the endpoint port ${port}`, 'use a port from 1 to 65535');
  }

  try {
    const endpoint = new URL(`${tls ? 'https' : 'http'}://${hostAndPort}`);
    return { endpoint, hostname: endpoint.hostname.toLowerCase() };
  } catch {
    raise(
      'INVALID_ENDPOINT',
      `has the endpoint ${quote(hostAndPort)}, which is not a valid host`,
      fix,
    );
  }
}

/** Returns the URL without a trailing slash, as the form the SDK clients take. */
export function formatEndpoint(url: URL): string {
  return url.pathname === '/' || url.pathname === '' ? url.origin : `${url.origin}${url.pathname}`;
}

/**
 * Decodes the sub-path segments after the bucket or container and joins them with `/`.
 * Empty segments, from doubled slashes or a decoded `%2F`, are dropped. Returns '' when
 * there is no sub-path.
 */
export function normalisePath(segments: readonly string[], raise: RaiseAddressError): string {
  const decoded: string[] = [];

  for (const segment of segments) {
    const value = decodeComponent(segment);
    if (value === null || segment.includes('#') || /\p{Cc}/u.test(value)) {
      raise(
        'INVALID_PATH',
        'has a sub-path with a malformed %-escape, a control character or a raw #',
        'URL-encode each sub-path segment with encodeURIComponent',
      );
    }
    decoded.push(value);
  }

  const parts = decoded
    .join('/')
    .split('/')
    .filter((part) => part !== '');

  for (const part of parts) {
    if (part === '.' || part === '..') {
      raise(
        'INVALID_PATH',
        `has the sub-path segment ${quote(part)}`,
        'name the folder inside the bucket without . or .. segments',
      );
    }
  }

  return parts.join('/');
}
