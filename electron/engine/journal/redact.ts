/**
 * Strips the query string, fragment and any user name or password from a URL, so it can be
 * logged. Pre-signed S3, GCS and Azure URLs carry their signature in the query string.
 * Text that does not parse as a URL is cut at its first `?` or `#`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }

  // `origin` is the string "null" for schemes such as `file:`, which have no host to show.
  const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  return origin + parsed.pathname;
}
