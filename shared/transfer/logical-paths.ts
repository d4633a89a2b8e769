// Logical paths name files inside a transfer the same way on every operating system: the
// path inside an artifact or run, and the tail of the object key in the bucket.
//
// A folder walk passes the segments of each file's path relative to the chosen folder, and
// toLogicalPath joins them with `/`. Segments are normalised to NFC because macOS file
// systems return decomposed (NFD) names while Linux and Windows keep what was written, so
// "é" typed on two machines would otherwise become two different keys. S3 limits an object
// key to 1,024 bytes of UTF-8, and the team's storage prefix also counts toward that limit,
// so this check catches only paths that can never fit.
//
// Downloads go the other way: toLocalName maps each segment to a name that Windows accepts,
// and fromLocalName inverts it. They live in local-names.ts and are re-exported here.

export {
  fromLocalName,
  isReservedDeviceName,
  LocalNameError,
  toLocalName,
  type LocalName,
} from './local-names';

/** Maximum length of a logical path in UTF-8 bytes: the S3 object key limit. */
export const MAX_LOGICAL_PATH_BYTES = 1024;

/** A relative path that cannot be a logical path. The message names the segment and the fix. */
export class LogicalPathError extends Error {
  override name = 'LogicalPathError';
}

/**
 * Joins the segments of a relative path into a logical path, normalising each to NFC.
 * Throws LogicalPathError for an empty list, an empty, `.` or `..` segment, a segment that
 * contains `/` or NUL or a lone UTF-16 surrogate, and a result over 1,024 UTF-8 bytes.
 */
export function toLogicalPath(relativeSegments: readonly string[]): string {
  if (relativeSegments.length === 0) {
    throw new LogicalPathError(
      'Invalid relative path: it has no segments. Pass the path of a file inside the folder.',
    );
  }

  const segments = relativeSegments.map((segment, position) => {
    validateSegment(segment, position, relativeSegments);
    return segment.normalize('NFC');
  });
  const path = segments.join('/');

  const bytes = utf8ByteLength(path);
  if (bytes > MAX_LOGICAL_PATH_BYTES) {
    throw new LogicalPathError(
      `Invalid path ${JSON.stringify(path)}: it is ${bytes} bytes of UTF-8, over the ${MAX_LOGICAL_PATH_BYTES}-byte limit of an object key. Rename or move the file to shorten its path.`,
    );
  }

  return path;
}

/** Splits a logical path into its segments, checking it as toLogicalPath does. */
export function splitLogicalPath(path: string): string[] {
  const segments = path.split('/');
  const normalised = toLogicalPath(segments);

  if (normalised !== path) {
    throw new LogicalPathError(
      `Invalid logical path ${JSON.stringify(path)}: it is not in Unicode NFC. Normalise it to ${JSON.stringify(normalised)}.`,
    );
  }

  return segments;
}

/**
 * Returns the length of `text` in UTF-8 bytes. Lone surrogates count 3 bytes, as their
 * replacement character U+FFFD would, but toLogicalPath rejects them before counting.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;

  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x80) {
      bytes += 1;
    } else if (codePoint < 0x800) {
      bytes += 2;
    } else if (codePoint < 0x10000) {
      bytes += 3;
    } else {
      bytes += 4;
    }
  }

  return bytes;
}

// In a regular expression with the `u` flag a valid surrogate pair is one code point, so
// \p{Cs} matches only a surrogate without its partner. Windows allows such names, but they
// have no UTF-8 form and would turn into U+FFFD in the key.
const LONE_SURROGATE = /\p{Cs}/u;

function validateSegment(segment: string, position: number, all: readonly string[]): void {
  const where = `segment ${position + 1} of ${JSON.stringify(all.join('/'))}`;

  if (segment === '' || segment === '.' || segment === '..') {
    throw new LogicalPathError(
      `Invalid ${where}: ${JSON.stringify(segment)} is not allowed in a logical path. Pass the file's real relative path without empty, "." or ".." segments.`,
    );
  }
  if (segment.includes('/')) {
    throw new LogicalPathError(
      `Invalid ${where}: ${JSON.stringify(segment)} contains "/". Split the path into one segment per folder.`,
    );
  }
  if (segment.includes('\u0000')) {
    throw new LogicalPathError(
      `Invalid ${where}: ${JSON.stringify(segment)} contains a NUL character, which no file name can contain. Check how the path was read.`,
    );
  }
  if (LONE_SURROGATE.test(segment)) {
    throw new LogicalPathError(
      `Invalid ${where}: ${JSON.stringify(segment)} contains a lone UTF-16 surrogate, which has no UTF-8 form. Rename the file.`,
    );
  }
}
