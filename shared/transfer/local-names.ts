// Reversible mapping between a segment of a logical path and a file name that Windows
// accepts, for downloads.
//
// Windows rejects the characters < > : " | ? * and the control characters 0x00 to 0x1F in
// names. It treats `\` as a separator and strips trailing dots and spaces. The reserved names
// CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9 (also COM¹ to COM³ and LPT¹ to LPT³)
// open a device instead of a file. Letter case does not matter, and neither does an
// extension: "nul.tar.gz" is the same as "NUL" (Microsoft, "Naming Files, Paths, and
// Namespaces").
//
// Escape scheme: an unsafe character becomes `%` and two uppercase hex digits of its
// code, as in URLs. For a reserved name the first letter is escaped ("CON.txt" becomes
// "%43ON.txt"), and every trailing dot or space is escaped ("a." becomes "a%2E").
//
// Why no two segments share a local name: a `%` in the segment is itself escaped as "%25"
// whenever two hex digits follow it. Every remaining `%` is therefore followed by something
// other than two hex digits, and every "%XX" in the output is an escape. Reading left to
// right, fromLocalName decodes each "%XX" back and leaves every other character alone. That
// gives back the original segment, so the mapping is one-to-one. A `%` without two hex
// digits after it ("100%.txt") stays as it is, so most names are not changed.
//
// NOTE: Names that differ only in letter case ("a.txt", "A.txt") still collide on Windows
// and on default macOS volumes, and escaping can make a name up to three times longer, past
// the 255-character limit of NTFS. This mapping handles neither.

/** A name that no segment maps to, or a segment that cannot be mapped. */
export class LocalNameError extends Error {
  override name = 'LocalNameError';
}

export interface LocalName {
  /** The file name to use on disk. */
  name: string;
  /** Whether `name` differs from the segment. */
  mapped: boolean;
}

const ESCAPE = '%';

// Characters that Windows rejects in a file name, plus `\`, its path separator. `/` never
// reaches the mapping because logical paths are split on it.
const UNSAFE_CHARACTERS = new Set(['<', '>', ':', '"', '|', '?', '*', '\\']);

const RESERVED_DEVICE_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...['1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³'].flatMap((digit) => [
    `COM${digit}`,
    `LPT${digit}`,
  ]),
]);

/**
 * Maps one segment of a logical path to a file name that Windows accepts. The mapping is
 * the same on every operating system, so a folder downloaded on Linux and copied to Windows
 * keeps working. Throws LocalNameError for an empty, `.` or `..` segment or one with `/`.
 */
export function toLocalName(segment: string): LocalName {
  if (segment === '' || segment === '.' || segment === '..' || segment.includes('/')) {
    throw new LocalNameError(
      `Invalid path segment ${JSON.stringify(segment)}: a segment must be non-empty, not "." or "..", and contain no "/", so split the logical path on "/" and pass one file or folder name.`,
    );
  }

  const reserved = isReservedDeviceName(segment);
  const trailingStart = segment.length - trailingDotsAndSpaces(segment);
  let name = '';

  // Every character that can need an escape is ASCII, so walking UTF-16 code units never
  // splits a character that gets escaped.
  for (let i = 0; i < segment.length; i += 1) {
    const character = segment.charAt(i);
    const mustEscape =
      (i === 0 && reserved) ||
      i >= trailingStart ||
      isUnsafeCharacter(character) ||
      (character === ESCAPE &&
        isHexDigit(segment.charAt(i + 1)) &&
        isHexDigit(segment.charAt(i + 2)));

    name += mustEscape ? escapeCharacter(character) : character;
  }

  return { name, mapped: name !== segment };
}

/**
 * Returns the segment that toLocalName mapped to `name`. Throws LocalNameError for a name
 * that toLocalName never returns, such as "a?b" or "a%3fb" (lowercase hex), because no
 * segment maps to it.
 */
export function fromLocalName(name: string): string {
  let segment = '';

  for (let i = 0; i < name.length; i += 1) {
    const character = name.charAt(i);
    const high = name.charAt(i + 1);
    const low = name.charAt(i + 2);

    if (character === ESCAPE && isHexDigit(high) && isHexDigit(low)) {
      segment += String.fromCharCode(Number.parseInt(high + low, 16));
      i += 2;
    } else {
      segment += character;
    }
  }

  const expectedName = safeLocalName(segment);
  if (expectedName !== name) {
    const reason =
      expectedName === null
        ? `it decodes to ${JSON.stringify(segment)}, which is not a valid path segment`
        : `downloads write ${JSON.stringify(segment)} as ${JSON.stringify(expectedName)}`;
    throw new LocalNameError(
      `Invalid local name ${JSON.stringify(name)}: ${reason}. Rename or remove the file before resuming the download.`,
    );
  }

  return segment;
}

/** Returns whether Windows treats `name` as a device: a reserved name, with or without extension. */
export function isReservedDeviceName(name: string): boolean {
  const dot = name.indexOf('.');
  const base = (dot === -1 ? name : name.slice(0, dot)).replace(/ +$/, '');
  return RESERVED_DEVICE_NAMES.has(base.toUpperCase());
}

/** Returns toLocalName's name for `segment`, or null for a segment it rejects. */
function safeLocalName(segment: string): string | null {
  try {
    return toLocalName(segment).name;
  } catch (error) {
    if (error instanceof LocalNameError) {
      return null;
    }
    throw error;
  }
}

function trailingDotsAndSpaces(segment: string): number {
  let count = 0;
  while (count < segment.length && /[. ]/.test(segment.charAt(segment.length - 1 - count))) {
    count += 1;
  }
  return count;
}

function isUnsafeCharacter(character: string): boolean {
  return UNSAFE_CHARACTERS.has(character) || character.charCodeAt(0) < 0x20;
}

function isHexDigit(character: string): boolean {
  return /^[0-9A-Fa-f]$/.test(character);
}

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  return ESCAPE + code;
}
