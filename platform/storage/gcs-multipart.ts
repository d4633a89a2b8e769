// XML API multipart uploads on GCS: POST ?uploads initiates, PUT ?partNumber&uploadId uploads a
// part (through URLs that clients get), GET ?uploadId lists parts, POST ?uploadId completes and
// DELETE ?uploadId aborts. Limits follow Google's "XML API multipart uploads" page.
import type { GcsXmlApiClient } from './gcs-requests.ts';
import {
  completeMultipartBody,
  readCompletedEtag,
  readListPartsPage,
  readUploadId,
  type ListedPart,
} from './gcs-xml.ts';
import type { CompletedPart } from './provider.ts';

export const MAX_PART_NUMBER = 10_000;

/** Parts per ListParts page that GCS returns at most. */
const MAX_PARTS_PER_PAGE = 1000;

/** Starts a multipart upload and returns its upload id. */
export async function initiateMultipartUpload(
  client: GcsXmlApiClient,
  objectName: string,
  username: string,
): Promise<string> {
  const response = await client.send({
    operation: 'multipart initiation',
    objectName,
    method: 'POST',
    // X-User puts the requesting user into the bucket's access log, as on client URLs.
    queryParams: { uploads: '', 'X-User': username },
  });
  return readUploadId(await response.text());
}

/** Assembles the listed parts into the object and returns the object's ETag. */
export async function completeMultipartUpload(
  client: GcsXmlApiClient,
  objectName: string,
  uploadId: string,
  parts: CompletedPart[],
): Promise<string> {
  checkUploadId(uploadId);
  if (parts.length === 0) {
    throw new Error(
      `Invalid part list for multipart upload of "${objectName}": it is empty; list every uploaded part.`,
    );
  }
  checkPartNumbers(parts.map((part) => part.partNumber));

  const response = await client.send({
    operation: 'multipart completion',
    objectName,
    method: 'POST',
    queryParams: { uploadId },
    headers: { 'content-type': 'application/xml' },
    body: completeMultipartBody(parts),
  });
  return readCompletedEtag(await response.text());
}

export async function abortMultipartUpload(
  client: GcsXmlApiClient,
  objectName: string,
  uploadId: string,
): Promise<void> {
  checkUploadId(uploadId);
  await client.send({
    operation: 'multipart abort',
    objectName,
    method: 'DELETE',
    queryParams: { uploadId },
  });
}

/** Lists every uploaded part of an open multipart upload, in part number order. */
export async function listParts(
  client: GcsXmlApiClient,
  objectName: string,
  uploadId: string,
): Promise<ListedPart[]> {
  checkUploadId(uploadId);
  const parts: ListedPart[] = [];
  let marker = 0;

  // 10,000 parts at 1,000 a page take 10 pages, so the loop ends even if a server misbehaves.
  const maxPages = Math.ceil(MAX_PART_NUMBER / MAX_PARTS_PER_PAGE) + 1;
  for (let page = 1; page <= maxPages; page++) {
    const response = await client.send({
      operation: 'part listing',
      objectName,
      method: 'GET',
      queryParams: { uploadId, 'part-number-marker': String(marker) },
    });
    const { parts: pageParts, nextPartNumberMarker } = readListPartsPage(await response.text());
    parts.push(...pageParts);

    if (nextPartNumberMarker === null) return parts;
    if (nextPartNumberMarker <= marker) {
      throw new Error(
        `GCS part listing of "${objectName}" returned NextPartNumberMarker ${nextPartNumberMarker} after ${marker}: the server must list parts in ascending order.`,
      );
    }
    marker = nextPartNumberMarker;
  }
  throw new Error(
    `GCS part listing of "${objectName}" did not end after ${maxPages} pages: an upload has at most ${MAX_PART_NUMBER} parts, so check the endpoint.`,
  );
}

/** Throws unless every part number is an integer from 1 to 10,000. */
export function checkPartNumbers(partNumbers: number[]): void {
  for (const partNumber of partNumbers) {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new Error(
        `Invalid part number ${partNumber}: GCS multipart uploads number parts 1 to ${MAX_PART_NUMBER}.`,
      );
    }
  }
}

export function checkUploadId(uploadId: string): void {
  if (uploadId === '') {
    throw new Error(
      'Missing multipart upload id: pass the id that createMultipartUpload returned.',
    );
  }
}
