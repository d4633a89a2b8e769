// Checks of a bucket's CORS rules against what browser clients need. Browsers send GET, HEAD
// and PUT straight to the bucket through pre-signed URLs, and a multipart upload needs the
// ETag of each part, so the rules must allow those methods and expose ETag.
import { validationIssue, type ValidationIssue } from './validation-issue';

/** The parts of one CORS rule that the checks read. Names may be in any case. */
export interface CorsRuleSummary {
  methods: readonly string[];
  exposedHeaders: readonly string[];
}

export const REQUIRED_CORS_METHODS = ['GET', 'HEAD', 'PUT'] as const;

/** The rule that warnings recommend as the fix. */
export const RECOMMENDED_CORS_RULE =
  'methods GET, HEAD and PUT, origins *, headers *, exposed header ETag and max age 3000 seconds';

/** Owner of a set of CORS rules: an S3 bucket, or the Blob service of an Azure storage account. */
export interface CorsSubject {
  kind: 'bucket' | 'account';
  name: string;
}

/**
 * Returns warnings for rules that would block browser transfers. Codes start with BUCKET_ or
 * ACCOUNT_ after the subject's kind, and every issue names it as the `bucket` or `account` param.
 *
 * NOTE: The methods and exposed headers of all rules are pooled, so a set of rules that covers
 * the methods only for different origins passes. Origins and allowed headers are not checked.
 */
export function corsWarnings(
  subject: CorsSubject,
  rules: readonly CorsRuleSummary[],
): ValidationIssue[] {
  const prefix = subject.kind === 'bucket' ? 'BUCKET' : 'ACCOUNT';
  const label = describeCorsSubject(subject);
  const named = { [subject.kind]: subject.name };
  if (rules.length === 0) {
    return [
      validationIssue(
        `${prefix}_CORS_MISSING`,
        `The ${label} has no CORS rule, so browsers cannot upload or download its files: add a rule with ${RECOMMENDED_CORS_RULE}.`,
        named,
      ),
    ];
  }

  const warnings: ValidationIssue[] = [];
  const methods = new Set(rules.flatMap((rule) => rule.methods.map((m) => m.trim().toUpperCase())));
  const missing = REQUIRED_CORS_METHODS.filter((method) => !methods.has(method));
  if (missing.length > 0) {
    warnings.push(
      validationIssue(
        `${prefix}_CORS_METHODS_MISSING`,
        `The CORS rules of the ${label} do not allow ${missing.join(', ')}, so browser transfers that use ${missing.length === 1 ? 'it' : 'them'} fail: add a rule with ${RECOMMENDED_CORS_RULE}.`,
        { ...named, methods: missing.join(', ') },
      ),
    );
  }

  const exposed = new Set(
    rules.flatMap((rule) => rule.exposedHeaders.map((h) => h.trim().toLowerCase())),
  );
  if (!exposed.has('etag') && !exposed.has('*')) {
    warnings.push(
      validationIssue(
        `${prefix}_CORS_ETAG_HIDDEN`,
        `The CORS rules of the ${label} do not expose the ETag header, so browsers cannot read the ETag of each uploaded part: add ETag to the exposed headers.`,
        named,
      ),
    );
  }

  return warnings;
}

/** Returns `bucket "name"` or `storage account "name"`, as messages name the subject. */
export function describeCorsSubject(subject: CorsSubject): string {
  return subject.kind === 'bucket'
    ? `bucket "${subject.name}"`
    : `storage account "${subject.name}"`;
}

/** Splits Azure's comma-separated CORS fields into a list. */
export function splitCorsList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
