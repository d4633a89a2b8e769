// Admin screen: creating teams with each kind of storage, the platform's errors and warnings
// below the form, and Japanese.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { AdminScreen } from '../../renderer/src/screens/admin/AdminScreen';
import {
  createFakeBridge,
  fail,
  pending,
  requestsOf,
  TEAMS,
  type Answers,
} from './support/fake-bridge';
import { renderWith } from './support/render';

function renderAdmin(answers: Answers = {}, language: 'en' | 'ja' = 'en') {
  const bridge = createFakeBridge(answers);
  const created: number[] = [];
  renderWith(<AdminScreen onTeamCreated={() => created.push(1)} />, bridge, language);
  return { bridge, created };
}

describe('AdminScreen', () => {
  it('creates an S3 team with a KMS key and shows warnings', async () => {
    const { bridge, created } = renderAdmin({
      'admin.createTeam': {
        team: TEAMS[0],
        errors: [],
        warnings: [
          {
            code: 'BUCKET_LIFECYCLE_MISSING',
            message: 'The bucket has no lifecycle rule for incomplete multipart uploads.',
            params: { bucket: 'vision-data' },
          },
        ],
      },
    });
    await userEvent.type(screen.getByLabelText('Team name'), 'vision');
    await userEvent.type(screen.getByLabelText('Bucket name'), 'vision-data');
    await userEvent.type(screen.getByLabelText('Path in the bucket'), 'byob');
    await userEvent.type(
      screen.getByLabelText('KMS key ARN'),
      'arn:aws:kms:eu-west-1:111122223333:key/abc',
    );
    await userEvent.type(screen.getByLabelText('Members'), 'alice, bob\ncarol alice');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));

    expect(await screen.findByText('Team vision created.')).toBeTruthy();
    const warnings = screen.getByRole('heading', { name: 'Warnings' })
      .nextElementSibling as HTMLElement;
    // A code this app version does not know shows the platform's message, once.
    expect(within(warnings).getByText(/no lifecycle rule/)).toBeTruthy();
    expect(within(warnings).queryByText('Details')).toBeNull();
    expect(created).toHaveLength(1);
    expect(requestsOf(bridge, 'admin.createTeam')).toEqual([
      {
        teamName: 'vision',
        storage: {
          level: 'TEAM',
          provider: 's3',
          bucket: 'vision-data',
          path: 'byob',
          kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
        },
        members: ['alice', 'bob', 'carol'],
      },
    ]);
  });

  it('creates an Azure team with a managed identity', async () => {
    const { bridge } = renderAdmin({
      'admin.createTeam': { team: TEAMS[1], errors: [], warnings: [] },
    });
    await userEvent.type(screen.getByLabelText('Team name'), 'demo');
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'azure');
    expect(screen.queryByLabelText('Bucket name')).toBeNull();
    expect(screen.queryByLabelText('KMS key ARN')).toBeNull();
    await userEvent.type(screen.getByLabelText('Storage account'), 'labstore');
    await userEvent.type(screen.getByLabelText('Container'), 'runs');
    await userEvent.type(
      screen.getByLabelText('Tenant ID'),
      '11111111-2222-3333-4444-555555555555',
    );
    await userEvent.type(
      screen.getByLabelText('Managed identity client ID'),
      '66666666-7777-8888-9999-000000000000',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));

    await screen.findByText('Team demo created.');
    expect(requestsOf(bridge, 'admin.createTeam')[0]).toEqual({
      teamName: 'demo',
      storage: {
        level: 'TEAM',
        provider: 'azure',
        account: 'labstore',
        container: 'runs',
        azureTenantId: '11111111-2222-3333-4444-555555555555',
        azureClientId: '66666666-7777-8888-9999-000000000000',
      },
      members: [],
    });
  });

  it('creates a team in the instance bucket', async () => {
    const { bridge } = renderAdmin({
      'admin.createTeam': { team: TEAMS[1], errors: [], warnings: [] },
    });
    await userEvent.type(screen.getByLabelText('Team name'), 'demo');
    await userEvent.click(screen.getByLabelText('A folder of the instance bucket'));
    expect(screen.queryByLabelText('Provider')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    await screen.findByText('Team demo created.');
    expect(requestsOf(bridge, 'admin.createTeam')[0]).toEqual({
      teamName: 'demo',
      storage: { level: 'INSTANCE' },
      members: [],
    });
  });

  it('shows why the platform created no team', async () => {
    const { created } = renderAdmin({
      'admin.createTeam': {
        team: null,
        errors: [
          {
            code: 'PROBE_WRITE_FAILED',
            message: 'Failed to write a test object to s3://vision-data: AccessDenied.',
            params: { bucket: 's3://vision-data', reason: 'AccessDenied.' },
          },
        ],
        warnings: [
          {
            code: 'BUCKET_VERSIONING_OFF',
            message: 'Versioning is off on the bucket "vision-data".',
            params: { bucket: 'vision-data' },
          },
        ],
      },
    });
    await userEvent.type(screen.getByLabelText('Team name'), 'vision');
    await userEvent.type(screen.getByLabelText('Bucket name'), 'vision-data');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The team was not created.');
    expect(
      screen.getByText(
        'The platform failed to write a test object to s3://vision-data. Check that the bucket exists and that its credentials may write to it.',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText('Failed to write a test object to s3://vision-data: AccessDenied.'),
    ).toBeTruthy();
    expect(screen.getByText(/^Versioning is off on the bucket vision-data, so/)).toBeTruthy();
    expect(screen.getByText('Versioning is off on the bucket "vision-data".')).toBeTruthy();
    expect(created).toHaveLength(0);
  });

  it('shows a refused request', async () => {
    renderAdmin({
      'admin.createTeam': fail('FORBIDDEN', 'viewer is not an organisation admin', {
        reason: 'no-access',
      }),
    });
    await userEvent.type(screen.getByLabelText('Team name'), 'x');
    await userEvent.type(screen.getByLabelText('Bucket name'), 'b');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You do not have access');
  });

  it('shows the busy state', async () => {
    renderAdmin({ 'admin.createTeam': () => pending() });
    await userEvent.type(screen.getByLabelText('Team name'), 'x');
    await userEvent.type(screen.getByLabelText('Bucket name'), 'b');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Checking the bucket and creating…' }),
      ).toHaveProperty('disabled', true),
    );
  });

  it('speaks Japanese', async () => {
    renderAdmin(
      {
        'admin.createTeam': {
          team: TEAMS[0],
          errors: [],
          warnings: [],
        },
      },
      'ja',
    );
    await userEvent.type(screen.getByLabelText('チーム名'), 'vision');
    await userEvent.type(screen.getByLabelText('バケット名'), 'vision-data');
    await userEvent.click(screen.getByRole('button', { name: 'チームを作成' }));
    expect(await screen.findByText('チーム vision を作成しました。')).toBeTruthy();
  });

  it('shows a CORS warning in Japanese', async () => {
    const message =
      'The storage account "labstore" has no CORS rule, so browsers cannot upload or download its files: add a rule with methods GET, HEAD and PUT, origins *, headers *, exposed header ETag and max age 3000 seconds.';
    renderAdmin(
      {
        'admin.createTeam': {
          team: TEAMS[1],
          errors: [],
          warnings: [{ code: 'ACCOUNT_CORS_MISSING', message, params: { account: 'labstore' } }],
        },
      },
      'ja',
    );
    await userEvent.type(screen.getByLabelText('チーム名'), 'demo');
    await userEvent.click(screen.getByLabelText('インスタンスのバケット内のフォルダー'));
    await userEvent.click(screen.getByRole('button', { name: 'チームを作成' }));

    await screen.findByText('チーム demo を作成しました。');
    const warnings = screen.getByRole('heading', { name: '警告' })
      .nextElementSibling as HTMLElement;
    const item = within(warnings).getByRole('listitem');
    expect(item.textContent).toContain(
      'ストレージアカウント labstore に CORS ルールがないため、ブラウザーからファイルをアップロード・ダウンロードできません。',
    );
    expect(within(item).getByText('詳細')).toBeTruthy();
    expect(within(item).getByText(message)).toBeTruthy();
  });

  it('shows a rejected value in Japanese', async () => {
    renderAdmin(
      {
        'admin.createTeam': {
          team: null,
          errors: [
            {
              code: 'REQUEST_REJECTED',
              message: 'Team "demo" already exists: pick another name.',
              params: {},
            },
          ],
          warnings: [],
        },
      },
      'ja',
    );
    await userEvent.type(screen.getByLabelText('チーム名'), 'demo');
    await userEvent.type(screen.getByLabelText('バケット名'), 'b');
    await userEvent.click(screen.getByRole('button', { name: 'チームを作成' }));

    const errors = (await screen.findByRole('heading', { name: 'エラー' }))
      .nextElementSibling as HTMLElement;
    expect(
      within(errors).getByText(/^プラットフォームがフォームの値を受け付けませんでした。/),
    ).toBeTruthy();
    expect(within(errors).getByText('Team "demo" already exists: pick another name.')).toBeTruthy();
  });
});
