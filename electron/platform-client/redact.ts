// Removal of secrets from text that may reach a message, a log or an error's `cause`. The
// API key could come back in a proxy's error page, and pre-signed URLs carry their
// signature in the query string (S3 X-Amz-Signature, GCS X-Goog-Signature, Azure sig).

// Maximum length of a redacted text, in characters, so an HTML error page is cut short.
const MAX_TEXT_LENGTH = 400;

const REDACTED = '[redacted]';

// A URL up to its query string or fragment, then the query string or fragment itself.
const URL_WITH_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;

/**
 * Returns `text` on one line with every secret, every URL query string and fragment
 * replaced, cut to 400 characters. Secrets shorter than 4 characters are left alone,
 * because replacing them would mangle ordinary words.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text.replace(/\s+/g, ' ').trim();

  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  result = result.replace(URL_WITH_QUERY, `$1?${REDACTED}`);

  return result.length > MAX_TEXT_LENGTH ? `${result.slice(0, MAX_TEXT_LENGTH)}…` : result;
}

/** Returns the URL without user name, password, query string and fragment, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
}

/**
 * Copies a thrown value into a new Error that keeps only its name, its `code` and its
 * redacted message, so the original (which may hold sockets, headers or request options)
 * never travels as a `cause`.
 */
export function safeCause(error: unknown, secrets: readonly string[]): Error {
  if (!(error instanceof Error)) return new Error(redactText(String(error), secrets));

  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  const code = errorCodeOf(error);
  if (code !== null) Object.assign(copy, { code });
  return copy;
}

/**
 * Returns the Node.js or undici error code of `error`, looking through `cause` and the
 * first entry of an AggregateError, because Node reports a refused connection to a host
 * with several addresses as an AggregateError.
 */
export function errorCodeOf(error: unknown): string | null {
  let current: unknown = error;

  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof candidate.code === 'string') return candidate.code;

    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) {
      current = candidate.errors[0];
    } else {
      current = candidate.cause;
    }
  }
  return null;
}
