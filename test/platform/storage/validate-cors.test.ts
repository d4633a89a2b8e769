// CORS findings for S3 buckets and Azure storage accounts: codes the desktop app translates,
// the params its catalogues fill in, and the English text that `errors` and `warnings` keep.
import { describe, expect, it } from 'vitest';

import { corsWarnings, type CorsSubject } from '../../../platform/storage/validate-cors';
import { VALIDATION_ISSUE_CODES } from '../../../shared/ipc/validation-issues';

const BUCKET: CorsSubject = { kind: 'bucket', name: 'vision-data' };
const ACCOUNT: CorsSubject = { kind: 'account', name: 'labstore' };
const KNOWN_CODES: readonly string[] = VALIDATION_ISSUE_CODES;

describe('corsWarnings', () => {
  it('codes a bucket without rules', () => {
    const [issue, ...rest] = corsWarnings(BUCKET, []);

    expect(rest).toEqual([]);
    expect(issue?.code).toBe('BUCKET_CORS_MISSING');
    expect(issue?.params).toEqual([{ name: 'bucket', value: 'vision-data' }]);
    expect(issue?.message).toMatch(/^The bucket "vision-data" has no CORS rule, so browsers/);
  });

  it('codes an account without HEAD and ETag', () => {
    const issues = corsWarnings(ACCOUNT, [{ methods: ['get', 'PUT'], exposedHeaders: [] }]);

    expect(issues.map((issue) => issue.code)).toEqual([
      'ACCOUNT_CORS_METHODS_MISSING',
      'ACCOUNT_CORS_ETAG_HIDDEN',
    ]);
    expect(issues[0]?.params).toEqual([
      { name: 'account', value: 'labstore' },
      { name: 'methods', value: 'HEAD' },
    ]);
    expect(issues[0]?.message).toContain('storage account "labstore" do not allow HEAD');
    expect(issues[1]?.params).toEqual([{ name: 'account', value: 'labstore' }]);
  });

  it('names every missing method', () => {
    const [issue] = corsWarnings(BUCKET, [{ methods: ['POST'], exposedHeaders: ['*'] }]);

    expect(issue?.code).toBe('BUCKET_CORS_METHODS_MISSING');
    expect(issue?.params).toContainEqual({ name: 'methods', value: 'GET, HEAD, PUT' });
  });

  it('passes the recommended rule', () => {
    const rule = { methods: ['GET', 'HEAD', 'PUT'], exposedHeaders: ['ETag'] };

    expect(corsWarnings(BUCKET, [rule])).toEqual([]);
    expect(corsWarnings(ACCOUNT, [rule])).toEqual([]);
  });

  it('uses only codes the app translates', () => {
    const broken = [{ methods: [], exposedHeaders: [] }];
    for (const subject of [BUCKET, ACCOUNT]) {
      for (const issue of [...corsWarnings(subject, []), ...corsWarnings(subject, broken)]) {
        expect(KNOWN_CODES, issue.code).toContain(issue.code);
      }
    }
  });
});
