import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphqlClient } from '../../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { waitForAuditEvent } from '../audit/audit-lines';
import { openMultipartUpload, resignMutation, type ResignData } from './resign-fixture';

const TEAM = 'tau';

describe('byobResignUploadParts on Azurite', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;
  let mallory: GraphqlClient;
  let artifactId: string;
  let storagePath: string;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    mallory = await env.clientFor('mallory');
    await env.createTeam(TEAM, ['alice']);

    // Azure has no multipart uploads: the file gets one SAS URL for staged blocks instead.
    const opened = await openMultipartUpload(alice, TEAM, [randomBytes(100), randomBytes(100)]);
    expect(opened.file.uploadMultipartUrls).toBeNull();
    expect(opened.file.uploadUrl).toContain('/');
    artifactId = opened.artifactId;
    storagePath = opened.file.storagePath!;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('tells members to request a new SAS', async () => {
    const result = await alice.request<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath,
      uploadID: 'any-upload',
      partNumbers: [1, 2],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]!.message).toBe(
      `The azure bucket "${env.container}" has no multipart uploads, so there are no part URLs to re-sign; request a new SAS upload URL with createArtifactFiles.`,
    );
  });

  it('rejects a non-member', async () => {
    const result = await mallory.request<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath,
      uploadID: 'any-upload',
      partNumbers: [1],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]!.path).toEqual(['byobResignUploadParts']);

    const denial = await waitForAuditEvent(
      env.auditLogPath,
      (e) => e.action === 'graphql.byobResignUploadParts' && e.actor === 'mallory',
      'the denied re-sign',
    );
    expect(denial.result).toBe('denied');
  });
});
