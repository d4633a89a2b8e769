// Masking of secrets in storage addresses, for logs and error messages.
//
// Two modes share one rule for where credentials end. `maskStorageAddress` treats its input
// as exactly one address and masks with the same split that the parser uses, so a message
// about a rejected address never shows more than the parser took as non-secret.
// `redactStorageAddress` scans free text (a log line, an error from an SDK) for every
// `scheme://` and masks more eagerly when the boundaries are unclear.

const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SCHEME_ANYWHERE = /[A-Za-z][A-Za-z0-9+.-]*:\/\//g;

/** A port after the host: 1 to 5 digits, then the path, the query or the end. */
const PORT_AFTER_COLON = /^\d{1,5}(?=[/?#,\s]|$)/;

const SECRET_MASK = '****';

/** The parts of `user:secret@location`, still URL-encoded as written. */
export interface CredentialSplit {
  user: string;
  secret: string;
  location: string;
}

/**
 * Splits the text after `scheme://` at the first `:` and the first `@` after it.
 *
 * The first `@` after the colon ends the secret, so a raw `/` in an unencoded key stays in
 * the secret where the parser can reject it, and a raw service account email keeps its `@`.
 * Returns null when the text has no `user:secret@` part, including when the first colon
 * comes after a `/`, `?` or `#` and so belongs to the location.
 */
export function splitCredentials(rest: string): CredentialSplit | null {
  const colon = rest.indexOf(':');
  if (colon < 0) {
    return null;
  }

  const user = rest.slice(0, colon);
  if (/[\s/?#]/.test(user)) {
    return null;
  }

  const at = rest.indexOf('@', colon + 1);
  if (at < 0) {
    return null;
  }

  return { user, secret: rest.slice(colon + 1, at), location: rest.slice(at + 1) };
}

/**
 * Shortens an access key to its first 4 characters (`AKIA…`). A service account email is
 * returned whole, because it names the account and grants nothing without the key.
 */
export function shortenAccessKey(user: string): string {
  if (user.includes('@') || user.toLowerCase().includes('%40')) {
    return user;
  }

  return user.length <= 4 ? user : `${user.slice(0, 4)}…`;
}

/** Options whose values are never secret: the storage address options other than `endpoint`. */
const PLAIN_OPTIONS = new Set(['region', 'tls']);

/** Masks credentials inside an `endpoint=` value, raw or URL-encoded. */
function maskEndpointValue(value: string): string {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // A malformed value is shown as written, and the parser rejects it separately.
  }

  const withUser = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/.exec(decoded);
  if (withUser === null) {
    return value;
  }

  return `${withUser[1]}${SECRET_MASK}@${decoded.slice(withUser[0].length)}`;
}

/** True for option names that are safe to show: identifiers of at most 32 characters. */
export function isPlainOptionName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/.test(name);
}

/**
 * Masks query options: credentials inside `endpoint=`, the whole value of any option other than
 * `region` and `tls`, and any name that is not a short identifier. A key pasted after the `?`
 * or the signature of a pre-signed URL in the same text is then masked too.
 */
function maskOptions(text: string): string {
  return text.replace(
    /([?&])([^=&#\s,?]+)(=[^&#\s,]*)?/g,
    (_match, separator: string, name: string, assignment: string | undefined) => {
      const shownName = isPlainOptionName(name) ? name : SECRET_MASK;
      if (assignment === undefined) {
        return separator + shownName;
      }

      const value = assignment.slice(1);
      const lowerName = name.toLowerCase();
      if (PLAIN_OPTIONS.has(lowerName)) {
        return `${separator}${shownName}=${value}`;
      }
      if (lowerName === 'endpoint') {
        return `${separator}${shownName}=${maskEndpointValue(value)}`;
      }
      return `${separator}${shownName}=${SECRET_MASK}`;
    },
  );
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows line breaks and other control characters as escapes, so the display stays one line. */
function escapeControlCharacters(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (character) =>
      CONTROL_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Returns one storage address with its secrets masked, for error messages.
 *
 * Uses the parser's split when it applies. Otherwise it masks everything before the last `@`,
 * or everything after the first colon that is not a port, because an address that does not
 * split may be a key pasted in the wrong place.
 */
export function maskStorageAddress(text: string): string {
  const scheme = SCHEME_PREFIX.exec(text);
  const prefix = scheme === null ? '' : scheme[0];
  const rest = text.slice(prefix.length);

  const split = splitCredentials(rest);
  if (split !== null) {
    const location = maskOptions(split.location);
    return escapeControlCharacters(
      `${prefix}${shortenAccessKey(split.user)}:${SECRET_MASK}@${location}`,
    );
  }

  const lastAt = rest.lastIndexOf('@');
  if (lastAt >= 0) {
    const location = maskOptions(rest.slice(lastAt + 1));
    return escapeControlCharacters(`${prefix}${SECRET_MASK}@${location}`);
  }

  const colon = rest.indexOf(':');
  const afterColon = rest.slice(colon + 1);
  if (colon >= 0 && !PORT_AFTER_COLON.test(afterColon)) {
    const user = rest.slice(0, colon);
    return escapeControlCharacters(`${prefix}${shortenAccessKey(user)}:${SECRET_MASK}`);
  }

  return escapeControlCharacters(prefix + maskOptions(rest));
}

/** Masks the credentials in the text that follows one `scheme://` in free text. */
function redactAfterScheme(rest: string): string {
  const colon = rest.indexOf(':');
  const user = colon >= 0 ? rest.slice(0, colon) : '';

  if (colon < 0 || /[\s/?#]/.test(user)) {
    // No `user:` part. A bare `key@host` still hides a secret before the `@`.
    const at = rest.indexOf('@');
    if (at >= 0 && !/\s/.test(rest.slice(0, at))) {
      return `${SECRET_MASK}@${rest.slice(at + 1)}`;
    }
    return rest;
  }

  const afterColon = rest.slice(colon + 1);
  const at = afterColon.indexOf('@');
  const firstSpace = afterColon.search(/\s/);
  const atBeforeSpace = at >= 0 && (firstSpace < 0 || at < firstSpace);

  // `host:9000/bucket failed for bob@example.com` has a port, not credentials.
  if (PORT_AFTER_COLON.test(afterColon) && !atBeforeSpace) {
    return rest;
  }

  // The secret ends at the `@`, even when a raw PEM puts spaces and line breaks before it.
  if (at >= 0) {
    return `${shortenAccessKey(user)}:${SECRET_MASK}${afterColon.slice(at)}`;
  }

  // Without an `@`, `gs://bucket: timed out` is prose, but `s3://AKIA:secret` is a key
  // whose location is missing.
  if (afterColon === '' || firstSpace === 0) {
    return rest;
  }
  if (afterColon.startsWith('-----BEGIN')) {
    return `${shortenAccessKey(user)}:${SECRET_MASK}`;
  }
  const secretEnd = firstSpace < 0 ? afterColon.length : firstSpace;
  return `${shortenAccessKey(user)}:${SECRET_MASK}${afterColon.slice(secretEnd)}`;
}

/**
 * Masks the secrets of every storage address (and any other `scheme://user:password@` URL) in
 * free text, even when the address does not parse. Access keys are shortened to 4 characters.
 * Query option values are masked except `region`, `tls` and an `endpoint` without credentials.
 *
 * NOTE: In free text the end of a secret is a guess. The guess masks too much rather than too
 * little (`s3://host:9000/a@b` loses `9000/a`), but a secret that has no `@` after it and
 * contains a space is masked only up to the space.
 */
export function redactStorageAddress(text: string): string {
  const starts = [...text.matchAll(SCHEME_ANYWHERE)];
  if (starts.length === 0) {
    return text;
  }

  let output = text.slice(0, starts[0]?.index ?? 0);
  starts.forEach((match, i) => {
    const restStart = match.index + match[0].length;
    const restEnd = starts[i + 1]?.index ?? text.length;
    output += match[0] + redactAfterScheme(text.slice(restStart, restEnd));
  });

  return maskOptions(output);
}
