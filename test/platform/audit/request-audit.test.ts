import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { upsertRunMutation, viewerQuery } from '../../../shared/graphql/operations/index';
import type { AuditEvent } from '../../../platform/audit/events';
import { GraphqlClient } from '../../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { uploadArtifact } from '../../support/wandb-upload';
import { readAuditEvents, waitForAuditEvent } from './audit-lines';

const TEAM = 'lambda';
const PROJECT = 'vision';

const artifactFilesQuery = /* GraphQL */ `
  query ArtifactFileUrls($id: ID!) {
    artifact(id: $id) {
      files {
        edges {
          node {
            name
            directUrl
          }
        }
      }
      currentManifest {
        file {
          directUrl
        }
      }
    }
  }
`;

interface ArtifactFileUrlsData {
  artifact: {
    files: { edges: { node: { name: string; directUrl: string } }[] };
    currentManifest: { file: { directUrl: string } };
  };
}

/** Checks the Azure fields of a URL event against the URL the client received. */
function expectAzureDetail(event: AuditEvent, url: string): void {
  const parsed = new URL(url);
  expect(event.detail.blobPath).toBe(parsed.pathname);
  expect(event.detail.st).toBe(parsed.searchParams.get('st'));
  expect(event.detail.se).toBe(parsed.searchParams.get('se'));
  expect(event.detail.st).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(event.detail.se).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(event.object).not.toContain('?');
}

describe('audit of GraphQL requests on Azurite', () => {
  let env: TestPlatform;
  let auditPath: string;
  let alice: GraphqlClient;
  let mallory: GraphqlClient;
  let artifactId: string;

  beforeAll(async () => {
    env = await startTestPlatform();
    auditPath = env.auditLogPath;
    alice = await env.clientFor('alice');
    mallory = await env.clientFor('mallory');
    await env.createTeam(TEAM, ['alice']);

    const uploaded = await uploadArtifact(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'dataset',
      type: 'dataset',
      files: { 'a.txt': Buffer.from('audit me\n') },
    });
    expect(uploaded.state).toBe('COMMITTED');
    artifactId = uploaded.artifactId;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('records upload URLs with st and se', async () => {
    const upload = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'url.upload',
      'the file upload URL',
    );
    expect(upload.result).toBe('allowed');
    expect(upload.actor).toBe('alice');
    expect(upload.team).toBe(TEAM);
    expect(upload.source).toBe('127.0.0.1');
    expect(upload.object).toMatch(new RegExp(`^${TEAM}/artifacts/content/[0-9a-f]{32}$`));
    expect(upload.detail.blobPath).toBe(
      `/${env.azurite.account}/${env.container}/${upload.object}`,
    );
    expect(upload.detail.st).toMatch(/Z$/);
    expect(Date.parse(String(upload.detail.se))).toBeGreaterThan(
      Date.parse(String(upload.detail.st)),
    );

    const manifest = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'url.manifest_upload',
      'the manifest upload URL',
    );
    expect(manifest.object).toMatch(
      new RegExp(`^${TEAM}/artifacts/manifests/\\d+/wandb_manifest\\.json$`),
    );
  });

  it('records download URLs', async () => {
    const data = await alice.ok<ArtifactFileUrlsData>(artifactFilesQuery, { id: artifactId });
    const fileUrl = data.artifact.files.edges[0]!.node.directUrl;
    const manifestUrl = data.artifact.currentManifest.file.directUrl;

    const download = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'url.download' && e.detail.blobPath === new URL(fileUrl).pathname,
      'the file download URL',
    );
    expect(download.actor).toBe('alice');
    expect(download.team).toBe(TEAM);
    expectAzureDetail(download, fileUrl);

    const manifestDownload = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'url.manifest_download',
      'the manifest download URL',
    );
    expectAzureDetail(manifestDownload, manifestUrl);
  });

  it('records FORBIDDEN errors as denials', async () => {
    // Any organisation member may read a team on the instance bucket, but only members write.
    const result = await mallory.request(upsertRunMutation, {
      entity: TEAM,
      project: PROJECT,
      name: 'run-1',
    });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');

    const denial = await waitForAuditEvent(
      auditPath,
      (e) => e.result === 'denied' && e.actor === 'mallory',
      'the denied run upsert',
    );
    expect(denial.action).toBe('graphql.upsertBucket');
    expect(denial.detail.path).toBe('upsertBucket');
    expect(denial.detail.message).toBe(result.errors[0]!.message);
    expect(denial.source).toBe('127.0.0.1');
  });

  it('records failed logins without the key', async () => {
    const wrongKey = `WRONGkey${'x'.repeat(32)}`;
    const result = await new GraphqlClient(env.url, wrongKey).request(viewerQuery);
    expect(result.status).toBe(401);

    const login = await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'login' && e.detail.reason === 'invalid',
      'the failed login',
    );
    expect(login.result).toBe('failed');
    expect(login.actor).toBeNull();
    expect(login.detail.keyPrefix).toBe('WRON');
    expect(readFileSync(auditPath, 'utf8')).not.toContain(wrongKey.slice(0, 5));

    const missing = await new GraphqlClient(env.url, null).request(viewerQuery);
    expect(missing.status).toBe(401);
    await waitForAuditEvent(
      auditPath,
      (e) => e.action === 'login' && e.detail.reason === 'missing',
      'the login without a key',
    );
  });

  it('keeps keys and query strings out', async () => {
    // The events of the tests above are all in the file once this one is found.
    await waitForAuditEvent(auditPath, (e) => e.action === 'login', 'any login event');
    const text = readFileSync(auditPath, 'utf8');

    expect(text).not.toContain(alice.apiKey!);
    expect(text).not.toContain(mallory.apiKey!);
    expect(text).not.toContain('sig=');
    expect(text).not.toContain('?');
    expect(readAuditEvents(auditPath).length).toBeGreaterThanOrEqual(6);
  });
});
