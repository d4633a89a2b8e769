import type { StorageProvider } from '../storage/provider';

/** Name of the query parameter that S3 and GCS URLs carry the signing user in (case varies). */
const USER_PARAMETER = 'x-user';

/**
 * Picks the facts of a pre-signed URL that let an operator match the store's own access log
 * to the user the platform issued it to, without the query string or signature.
 *
 * Azure: a SAS made with the account key has no field for a caller id (only user-delegation
 * SAS, which needs Entra ID, carries `scid`), so the entry keeps the blob path as the URL has
 * it and the SAS's signed start (`st`) and expiry (`se`) times; together they identify the
 * SAS in Azure Storage logs. S3 and GCS: the signed URL carries the username as `X-User`,
 * which the store logs with the request, so the entry notes its value and the URL path.
 */
export function signedUrlDetail(
  kind: StorageProvider['kind'],
  url: string,
): Record<string, string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }

  if (kind === 'azure') {
    const detail: Record<string, string> = { blobPath: parsed.pathname };
    const start = parsed.searchParams.get('st');
    const expiry = parsed.searchParams.get('se');
    if (start !== null) detail.st = start;
    if (expiry !== null) detail.se = expiry;
    return detail;
  }

  const detail: Record<string, string> = { urlPath: parsed.pathname };
  for (const [name, value] of parsed.searchParams) {
    if (name.toLowerCase() === USER_PARAMETER) detail.xUser = value;
  }
  return detail;
}

/** Writes a list of part numbers compactly: `[1,2,3,7,9,10]` becomes `1-3,7,9-10`. */
export function compactPartNumbers(partNumbers: readonly number[]): string {
  const sorted = [...new Set(partNumbers)].sort((a, b) => a - b);
  const ranges: string[] = [];

  let start = sorted[0];
  let previous = start;
  for (const number of sorted.slice(1)) {
    if (number === previous! + 1) {
      previous = number;
      continue;
    }
    ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = number;
    previous = number;
  }
  if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
  return ranges.join(',');
}
