// Input checks shared by the journal stores. Each failure throws a one-line `JournalError`
// that names the value and the rule. URLs are never echoed because they carry credentials.

import { JournalError } from './errors';
import { redactUrl } from './redact';
import type { ErrorInfo, NewFile, TransferKind, TransferTarget } from './types';
import { TRANSFER_KINDS } from './types';

const MD5_HEX = /^[0-9a-f]{32}$/;
// 16 bytes encode to 22 base64 characters plus `==` padding.
const MD5_BASE64 = /^[A-Za-z0-9+/]{22}==$/;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;

/** Fields each transfer kind needs in its target, beyond host, entity and project. */
const REQUIRED_TARGET_FIELDS: Record<TransferKind, (keyof TransferTarget)[]> = {
  'upload-artifact': ['artifactName', 'artifactType'],
  'upload-run-files': ['runId'],
  'download-artifact': ['artifactName', 'downloadRoot'],
  'download-run-files': ['runId', 'downloadRoot'],
};

export function invalid(message: string): JournalError {
  return new JournalError('invalid-input', message);
}

export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(`${name} must be a non-empty string`);
  }
  return value;
}

/** Checks that `value` is a whole number in [min, 2^53); byte counts beyond that lose precision. */
export function requireInteger(value: unknown, name: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be a whole number of at least ${min}, got ${String(value)}`);
  }
  return value;
}

export function requireKind(kind: unknown): TransferKind {
  if (!TRANSFER_KINDS.includes(kind as TransferKind)) {
    throw invalid(
      `transfer kind ${String(kind)} is unknown; use one of ${TRANSFER_KINDS.join(', ')}`,
    );
  }
  return kind as TransferKind;
}

/**
 * Returns the platform base URL without a trailing slash. A user name, password, query or
 * fragment is rejected rather than stripped, because one of those may hold the API key.
 */
export function normalizePlatformHost(value: unknown): string {
  const text = requireText(value, 'platform host');
  const example = 'use a base URL such as https://api.wandb.ai';

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`platform host is not a URL; ${example}`);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`platform host uses ${url.protocol}, not http: or https:; ${example}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalid(
      `platform host must not contain a user name, password, query or fragment; ${example}`,
    );
  }

  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Checks the target fields that `kind` requires and returns a copy with a normalized host. */
export function validateTarget(kind: TransferKind, target: TransferTarget): TransferTarget {
  const checked: TransferTarget = {
    ...target,
    platformHost: normalizePlatformHost(target.platformHost),
    entity: requireText(target.entity, 'entity'),
    project: requireText(target.project, 'project'),
  };

  for (const field of REQUIRED_TARGET_FIELDS[kind]) {
    requireText(target[field], `${field} (required for ${kind})`);
  }

  const aliases = target.aliases ?? [];
  if (
    !Array.isArray(aliases) ||
    aliases.some((alias) => typeof alias !== 'string' || alias === '')
  ) {
    throw invalid('aliases must be an array of non-empty strings');
  }
  if (target.artifactVersion !== undefined) requireText(target.artifactVersion, 'artifactVersion');
  const metadata = target.artifactMetadata;
  if (
    metadata !== undefined &&
    (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
  ) {
    throw invalid('artifactMetadata must be a JSON object such as {"epochs": 10}');
  }
  const requested = target.requestedFiles;
  if (requested !== undefined) {
    if (!kind.startsWith('download-')) {
      throw invalid(`requestedFiles applies to downloads only; leave it out for ${kind}`);
    }
    if (
      !Array.isArray(requested) ||
      requested.length === 0 ||
      requested.some((path) => typeof path !== 'string' || path === '')
    ) {
      throw invalid('requestedFiles must be a non-empty array of logical paths, or left out');
    }
  }
  return checked;
}

/** Checks a logical path: relative, `/`-separated, without empty, `.` or `..` segments. */
export function requireLogicalPath(value: unknown): string {
  const path = requireText(value, 'logical path');
  const segments = path.split('/');

  if (path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw invalid(
      `logical path ${JSON.stringify(path)} must be relative, use / between names, ` +
        'and contain no empty, . or .. segments',
    );
  }
  return path;
}

export function requireMd5Base64(value: unknown, name: string): string {
  if (typeof value !== 'string' || !MD5_BASE64.test(value)) {
    throw invalid(`${name} must be an MD5 digest in base64 (24 characters ending in ==)`);
  }
  return value;
}

export function requireMd5Hex(value: unknown, name: string): string {
  if (typeof value !== 'string' || !MD5_HEX.test(value)) {
    throw invalid(`${name} must be an MD5 digest in lowercase hex (32 characters)`);
  }
  return value;
}

export function validateNewFile(file: NewFile): NewFile {
  const logicalPath = requireLogicalPath(file.logicalPath);
  const where = `file ${JSON.stringify(logicalPath)}`;

  requireText(file.localPath, `local path of ${where}`);
  requireInteger(file.size, `size of ${where}`);
  if (file.mtimeMs !== undefined && !Number.isFinite(file.mtimeMs)) {
    throw invalid(`mtimeMs of ${where} must be a finite number of milliseconds`);
  }
  if (file.md5Base64 !== undefined) requireMd5Base64(file.md5Base64, `MD5 of ${where}`);

  return file;
}

/** Checks a pre-signed URL without ever putting it into the error message. */
export function requireUrl(url: unknown, expiresAtMs: unknown, name: string): void {
  if (typeof url !== 'string') throw invalid(`${name} must be a string`);

  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalid(`${name} is not a valid URL; pass the URL exactly as the platform returned it`);
  }

  if (protocol !== 'https:' && protocol !== 'http:') {
    throw invalid(`${name} uses ${protocol}, not http: or https:`);
  }
  requireInteger(expiresAtMs, `expiry of ${name}`, 1);
}

/**
 * Checks an error before it is stored, and redacts every URL in its message: provider errors
 * often quote the request URL, and the journal's history is exported.
 */
export function validateErrorInfo(error: ErrorInfo | undefined): ErrorInfo | null {
  if (error === undefined) return null;

  const code = requireText(error.code, 'error code');
  if (typeof error.message !== 'string') throw invalid('error message must be a string');

  const message = error.message.replace(URL_IN_TEXT, (url) => redactUrl(url));
  return { code, message };
}

export function requireTime(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${name} must be a non-negative number of milliseconds, got ${String(value)}`);
  }
  return value;
}
