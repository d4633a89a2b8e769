import { badInput } from './errors';

// Entity, project, run and collection names end up inside bucket paths and W&B URLs, so
// they stay within a conservative character set. W&B itself allows a few more characters
// in project names; NOTE: widen this set if users bring such projects from W&B.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_NAME_LENGTH = 128;

/** Throws BAD_USER_INPUT unless `value` is a valid name for `what` (entity, project, …). */
export function checkName(what: string, value: string): string {
  if (value.length === 0 || value.length > MAX_NAME_LENGTH) {
    throw badInput(
      `Invalid ${what} name "${value}": it must have 1 to ${MAX_NAME_LENGTH} characters.`,
      { reason: 'INVALID_NAME_LENGTH', params: { name: value, max: String(MAX_NAME_LENGTH) } },
    );
  }
  if (!NAME_PATTERN.test(value)) {
    throw badInput(
      `Invalid ${what} name "${value}": use letters, digits, ".", "_" and "-", starting with a letter or digit.`,
      { reason: 'INVALID_NAME_CHARACTERS', params: { name: value } },
    );
  }
  return value;
}

const MAX_PATH_BYTES = 1024;

/**
 * Checks a logical file path inside an artifact or run: `/` separators, no empty, `.` or
 * `..` segments, at most 1,024 UTF-8 bytes (S3's key limit), and NFC so that the same
 * name typed on macOS and Linux is one file.
 */
export function checkFilePath(value: string): string {
  const path = value.normalize('NFC');
  const bytes = Buffer.byteLength(path, 'utf8');

  if (bytes === 0 || bytes > MAX_PATH_BYTES) {
    throw badInput(`Invalid file path "${value}": it must have 1 to ${MAX_PATH_BYTES} bytes.`);
  }
  if (path.includes('\0') || path.includes('\\')) {
    throw badInput(`Invalid file path "${value}": NUL and "\\" are not allowed; use "/".`);
  }
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw badInput(
      `Invalid file path "${value}": empty, "." and ".." segments and leading or trailing "/" are not allowed.`,
    );
  }
  return path;
}
