// Pre-signed URLs: their expiry, read from their own query string because the W&B GraphQL
// API returns upload URLs without an expiry time, and their redaction for logs and errors.
// The expiry parameters come from AWS SigV4 query authentication (X-Amz-Date, X-Amz-Expires),
// GCS V4 signing (X-Goog-Date, X-Goog-Expires) and Azure SAS (`se`, the signed expiry as an
// ISO 8601 UTC time).

/** Expiry assumed for a URL that names none, in ms after it was received. */
export const UNKNOWN_EXPIRY_MS = 15 * 60_000;

/** Returns the time in ms since the epoch after which `url` stops working. */
export function urlExpiresAtMs(url: string, receivedAtMs: number): number {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return receivedAtMs + UNKNOWN_EXPIRY_MS;
  }

  for (const prefix of ['X-Amz', 'X-Goog']) {
    const date = query.get(`${prefix}-Date`);
    const expires = query.get(`${prefix}-Expires`);
    if (date !== null && expires !== null) {
      const signedAt = parseBasicIso(date);
      const seconds = Number(expires);
      if (signedAt !== null && Number.isFinite(seconds)) return signedAt + seconds * 1000;
    }
  }

  const azureExpiry = query.get('se');
  if (azureExpiry !== null) {
    const parsed = Date.parse(azureExpiry);
    if (!Number.isNaN(parsed)) return parsed;
  }

  // NOTE: a URL without a known expiry parameter gets a guessed lifetime; a 403 still re-mints it.
  return receivedAtMs + UNKNOWN_EXPIRY_MS;
}

/** Parses `20240131T235959Z`, the basic ISO 8601 form SigV4 and GCS V4 use. */
function parseBasicIso(stamp: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const parsed = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  return Number.isNaN(parsed) ? null : parsed;
}

// The query string carries the credential (X-Amz-Signature, X-Goog-Signature, Azure's `sig`).
/** Returns `url` without its query string and fragment; an unparsable URL becomes a placeholder. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}
