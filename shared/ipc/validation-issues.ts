// Findings of the platform's bucket checks when it creates a team. The platform sends each
// with a stable code, so the app shows it in the user's language and keeps the platform's
// English message as the detail.
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
  // A value the platform rejected before any bucket check, such as an unknown store or member,
  // an existing team or a KMS key on Azure. The app sets this code, because the platform
  // returns these as GraphQL errors with only a general error class.
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
