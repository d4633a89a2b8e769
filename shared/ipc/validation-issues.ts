// Why the platform created no team, or what to fix after it did: findings of its bucket
// checks, and values it rejected before them. The platform sends each with a stable code, so
// the app shows it in the user's language and keeps the platform's English message as the detail.
import { z } from 'zod';

export const VALIDATION_ISSUE_CODES = [
  // Errors of the probe, which writes, reads back and deletes a test object. No team is created.
  'BUCKET_OPEN_FAILED',
  'PROBE_WRITE_FAILED',
  'PROBE_READ_FAILED',
  'PROBE_READ_MISMATCH',
  'PROBE_DELETE_FAILED',
  // Warnings about S3 bucket settings. The team is created anyway.
  'BUCKET_VERSIONING_OFF',
  'BUCKET_VERSIONING_SUSPENDED',
  'BUCKET_VERSIONING_UNREADABLE',
  'BUCKET_CORS_MISSING',
  'BUCKET_CORS_METHODS_MISSING',
  'BUCKET_CORS_ETAG_HIDDEN',
  'BUCKET_CORS_UNREADABLE',
  'BUCKET_ENCRYPTION_UNREADABLE',
  'ENCRYPTION_KEY_DIFFERS',
  'KMS_KEY_UNUSABLE',
  'KMS_NOT_APPLIED',
  'KMS_TEST_OBJECT_UNREADABLE',
  'KMS_TEST_OBJECT_NOT_DELETED',
  // Warnings about the CORS rules of an Azure storage account's Blob service.
  'ACCOUNT_CORS_MISSING',
  'ACCOUNT_CORS_METHODS_MISSING',
  'ACCOUNT_CORS_ETAG_HIDDEN',
  'ACCOUNT_CORS_UNREADABLE',
  // Values the platform rejected before any bucket check. It sends each as a GraphQL error
  // whose `extensions.reason` is one of these codes. No team is created.
  'NOT_ORG_ADMIN',
  'TEAM_STORAGE_NOT_CONFIGURED',
  'INVALID_NAME_LENGTH',
  'INVALID_NAME_CHARACTERS',
  'TEAM_NAME_TAKEN',
  'NAME_TAKEN',
  'USER_NOT_FOUND',
  'INVALID_STORAGE_PATH_LENGTH',
  'INVALID_STORAGE_PATH_SEGMENTS',
  'INSTANCE_PATH_OVERLAPS',
  'STORAGE_PATH_IN_USE',
  'STORAGE_PATH_OVERLAPS',
  'UNKNOWN_STORAGE_PROVIDER',
  'INSTANCE_STORAGE_WITH_BUCKET',
  'INSTANCE_STORAGE_OPTIONS',
  'TEAM_BUCKET_MISSING',
  'NO_FILE_STORES',
  'FILE_STORE_NOT_FOUND',
  'FILE_STORE_AMBIGUOUS',
  'INSTANCE_BUCKET_NOT_ALLOWED',
  'TEAM_BUCKET_PROVIDER_NOT_ALLOWED',
  'KMS_KEY_NOT_S3',
  'INVALID_KMS_KEY',
  'AZURE_IDS_NOT_AZURE',
  'AZURE_IDS_INCOMPLETE',
  'INVALID_AZURE_TENANT_ID',
  'INVALID_AZURE_CLIENT_ID',
  // A rejected value whose reason is missing or not in this list, as from an older or newer
  // platform. The app sets this code and shows the platform's English message as the detail.
  'REQUEST_REJECTED',
] as const;

export type ValidationIssueCode = (typeof VALIDATION_ISSUE_CODES)[number];

export const validationIssueSchema = z.strictObject({
  /** One of VALIDATION_ISSUE_CODES, or a code from a newer platform that the app shows by message. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  /** The platform's English message, shown as the detail. */
  message: z.string(),
  /** Values the message names, such as `bucket`, `account`, `key` or `status`. */
  params: z.record(z.string(), z.string()),
});

export type ValidationIssue = z.output<typeof validationIssueSchema>;
