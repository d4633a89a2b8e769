// XML bodies of the GCS XML API that the platform sends and reads: multipart initiate,
// complete and list-parts results, and error documents. Element names follow Google's
// "XML API multipart uploads" reference, which mirrors Amazon S3.
import { XMLParser } from 'fast-xml-parser';

export interface ListedPart {
  partNumber: number;
  /** The part's ETag exactly as GCS lists it, quotes included. */
  etag: string;
  /** Size in bytes. */
  size: number;
}

export interface ListPartsPage {
  parts: ListedPart[];
  /** The part-number-marker of the next page, or null on the last page. */
  nextPartNumberMarker: number | null;
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  // Keep every value a string, so ETags and upload ids never turn into numbers.
  parseTagValue: false,
  isArray: (name) => name === 'Part',
});

/** Escapes element text; quotes in ETags stay literal because no value goes into an attribute. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Builds a `<CompleteMultipartUpload>` request body. */
export function completeMultipartBody(parts: { partNumber: number; etag: string }[]): string {
  const entries = parts.map(
    (part) =>
      `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`,
  );
  return `<CompleteMultipartUpload>${entries.join('')}</CompleteMultipartUpload>`;
}

/** Returns the `<Code>` of an XML error document, or undefined for any other body. */
export function errorCodeOf(body: string): string | undefined {
  if (body.trim() === '') return undefined;
  try {
    const code = (parser.parse(body) as { Error?: { Code?: unknown } }).Error?.Code;
    return typeof code === 'string' && code !== '' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the UploadId of an `<InitiateMultipartUploadResult>`. */
export function readUploadId(body: string): string {
  const result = rootElement(body, 'InitiateMultipartUploadResult');
  return requireText(result.UploadId, 'UploadId', 'InitiateMultipartUploadResult');
}

/** Returns the ETag of a `<CompleteMultipartUploadResult>`. */
export function readCompletedEtag(body: string): string {
  const result = rootElement(body, 'CompleteMultipartUploadResult');
  return requireText(result.ETag, 'ETag', 'CompleteMultipartUploadResult');
}

/** Reads one page of a `<ListPartsResult>`. */
export function readListPartsPage(body: string): ListPartsPage {
  const result = rootElement(body, 'ListPartsResult');
  const parts = ((result.Part as Record<string, unknown>[] | undefined) ?? []).map((part) => ({
    partNumber: requireInteger(part.PartNumber, 'PartNumber'),
    etag: requireText(part.ETag, 'ETag', 'Part'),
    size: requireInteger(part.Size, 'Size'),
  }));

  if (result.IsTruncated !== 'true') return { parts, nextPartNumberMarker: null };
  return {
    parts,
    nextPartNumberMarker: requireInteger(result.NextPartNumberMarker, 'NextPartNumberMarker'),
  };
}

function rootElement(body: string, name: string): Record<string, unknown> {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(body, true) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `Invalid XML in the GCS ${name} response (${(error as Error).message}): check that the endpoint is a GCS XML API.`,
    );
  }

  // Amazon S3 can return 200 with an error document to CompleteMultipartUpload. The GCS XML
  // API mirrors S3, so a 200 body is checked for an error too.
  const code = errorCodeOf(body);
  if (code !== undefined) {
    throw new Error(`GCS returned error ${code} in place of ${name}: retry the request.`);
  }

  const root = document[name];
  if (root === undefined || root === null || typeof root !== 'object') {
    throw new Error(
      `Missing <${name}> in the GCS response: check that the endpoint is a GCS XML API.`,
    );
  }
  return root as Record<string, unknown>;
}

function requireText(value: unknown, element: string, parent: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new Error(
      `Missing <${element}> in the GCS <${parent}> response: check that the endpoint is a GCS XML API.`,
    );
  }
  return value;
}

function requireInteger(value: unknown, element: string): number {
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new Error(
      `Invalid <${element}> "${String(value)}" in a GCS response: expected a non-negative integer.`,
    );
  }
  return number;
}
