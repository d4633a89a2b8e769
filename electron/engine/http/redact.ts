// Pre-signed URLs carry their credential in the query string (X-Amz-Signature,
// X-Goog-Signature, Azure's `sig`), so anything that logs or reports a URL uses this first.

/** Returns `url` without its query string and fragment; an unparsable URL becomes a placeholder. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}
