// XML documents of the GCS XML API that the double reads and writes. Element names follow
// Google's XML API reference pages for multipart uploads and errors, which mirror Amazon S3.

import { XMLParser } from 'fast-xml-parser';

import { GcsError } from './errors';

const XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>";

/** Escapes element text; quotes stay literal because no value goes into an attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function element(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function errorXml(error: GcsError): string {
  const details = Object.entries(error.details).map(([name, value]) => element(name, value));
  return [
    XML_DECLARATION,
    '<Error>',
    element('Code', error.code),
    element('Message', error.message),
    ...details,
    '</Error>',
  ].join('');
}

export function initiateMultipartXml(bucket: string, key: string, uploadId: string): string {
  return [
    XML_DECLARATION,
    '<InitiateMultipartUploadResult>',
    element('Bucket', bucket),
    element('Key', key),
    element('UploadId', uploadId),
    '</InitiateMultipartUploadResult>',
  ].join('');
}

export function completeMultipartXml(fields: {
  location: string;
  bucket: string;
  key: string;
  etag: string;
}): string {
  return [
    XML_DECLARATION,
    '<CompleteMultipartUploadResult>',
    element('Location', fields.location),
    element('Bucket', fields.bucket),
    element('Key', fields.key),
    element('ETag', fields.etag),
    '</CompleteMultipartUploadResult>',
  ].join('');
}

export interface ListedPart {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
}

export function listPartsXml(fields: {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker: number;
  maxParts: number;
  parts: ListedPart[];
  nextPartNumberMarker: number | undefined;
}): string {
  const parts = fields.parts.map((part) =>
    [
      '<Part>',
      element('PartNumber', part.partNumber),
      element('LastModified', part.lastModified.toISOString()),
      element('ETag', part.etag),
      element('Size', part.size),
      '</Part>',
    ].join(''),
  );
  const truncated = fields.nextPartNumberMarker !== undefined;
  return [
    XML_DECLARATION,
    '<ListPartsResult>',
    element('Bucket', fields.bucket),
    element('Key', fields.key),
    element('UploadId', fields.uploadId),
    element('PartNumberMarker', fields.partNumberMarker),
    truncated ? element('NextPartNumberMarker', fields.nextPartNumberMarker!) : '',
    element('MaxParts', fields.maxParts),
    element('IsTruncated', truncated),
    ...parts,
    '</ListPartsResult>',
  ].join('');
}

/** One `<Part>` of a `<CompleteMultipartUpload>` request, in request order. */
export interface RequestedPart {
  partNumber: number;
  etag: string;
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  isArray: (name) => name === 'Part',
});

/** Parses a `<CompleteMultipartUpload>` body; raises 400 MalformedXML on anything else. */
export function parseCompleteMultipartXml(body: string): RequestedPart[] {
  let document: unknown;
  try {
    document = parser.parse(body, true);
  } catch (error) {
    throw malformed(`the body is not well-formed XML (${(error as Error).message})`);
  }

  const root = (document as { CompleteMultipartUpload?: unknown }).CompleteMultipartUpload;
  if (root === undefined || root === null || typeof root !== 'object') {
    throw malformed('the root element must be <CompleteMultipartUpload>');
  }
  const parts = (root as { Part?: unknown[] }).Part ?? [];
  if (parts.length === 0) {
    throw malformed('<CompleteMultipartUpload> must list at least one <Part>');
  }

  return parts.map((part, index) => {
    const fields = part as { PartNumber?: unknown; ETag?: unknown };
    const partNumber = Number(fields.PartNumber);
    if (!Number.isInteger(partNumber) || typeof fields.ETag !== 'string') {
      throw malformed(`<Part> number ${index + 1} needs an integer <PartNumber> and an <ETag>`);
    }
    return { partNumber, etag: fields.ETag };
  });
}

function malformed(reason: string): GcsError {
  return new GcsError(400, 'MalformedXML', `Invalid CompleteMultipartUpload body: ${reason}.`);
}
