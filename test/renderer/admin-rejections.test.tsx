// Admin screen: values the platform rejects before any bucket check, shown in the UI's
// language under their reason, with the platform's English message as the detail.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { ValidationIssue } from '../../shared/ipc/index';
import { AdminScreen } from '../../renderer/src/screens/admin/AdminScreen';
import { createFakeBridge } from './support/fake-bridge';
import { renderWith } from './support/render';

const LABELS = {
  en: { team: 'Team name', bucket: 'Bucket name', create: 'Create team', errors: 'Errors' },
  ja: { team: 'チーム名', bucket: 'バケット名', create: 'チームを作成', errors: 'エラー' },
} as const;

interface RejectionCase {
  issue: ValidationIssue;
  en: string;
  ja: string;
}

const CASES: RejectionCase[] = [
  {
    issue: {
      code: 'TEAM_NAME_TAKEN',
      message:
        'Team "vision" already exists, and a team\'s storage is fixed at creation: create a team with another name to use other storage.',
      params: { team: 'vision' },
    },
    en: "The team vision already exists, and a team's storage cannot be changed. Create a team with another name to use other storage.",
    ja: 'チーム vision はすでに存在し、作成後にストレージは変更できません。別のストレージを使う場合は、別の名前でチームを作成してください。',
  },
  {
    issue: {
      code: 'USER_NOT_FOUND',
      message: 'User "carol" not found; list users with "byob-platform user list".',
      params: { username: 'carol' },
    },
    en: 'The user carol does not exist on the platform. Remove them from Members, or ask an admin to create the user first.',
    ja: 'ユーザー carol はプラットフォームに存在しません。メンバーから外すか、先にユーザーの作成を管理者に依頼してください。',
  },
  {
    issue: {
      code: 'FILE_STORE_NOT_FOUND',
      message:
        'Unknown s3 store "vision-data": choose one of the configured file stores: s3://team-a.',
      params: { store: 'vision-data', provider: 's3', stores: 'team-a, team-b' },
    },
    en: "vision-data (s3) is not one of the platform's file stores. Choose one of: team-a, team-b.",
    ja: 'vision-data（s3）はプラットフォームのファイルストアにありません。次のいずれかを選択してください: team-a, team-b',
  },
  {
    issue: {
      code: 'STORAGE_PATH_IN_USE',
      message:
        'The path "vision" in bucket s3://team-a is already used by team "kappa" ("vision"): give this team its own path (--path, or the path field of createTeam).',
      params: { path: 'vision', bucket: 's3://team-a', team: 'kappa', existingPath: 'vision' },
    },
    en: 'The team kappa already uses the path vision in the bucket s3://team-a. Enter another path in the bucket.',
    ja: 'バケット s3://team-a のパス vision はチーム kappa がすでに使っています。別のパスを入力してください。',
  },
  {
    issue: {
      code: 'NOT_ORG_ADMIN',
      message:
        'Only organisation admins may create teams, and max is not one: ask an admin to create team "vision".',
      params: { username: 'max', team: 'vision' },
    },
    en: 'Only organisation admins may create teams, and max is not one. Ask an admin to create the team vision.',
    ja: 'チームを作成できるのは組織の管理者だけです（max は管理者ではありません）。チーム vision の作成を管理者に依頼してください。',
  },
];

/** Submits the form against a platform that rejects it with `issue` and returns the error list. */
async function submitRejected(issue: ValidationIssue, language: 'en' | 'ja') {
  const labels = LABELS[language];
  const bridge = createFakeBridge({
    'admin.createTeam': { team: null, errors: [issue], warnings: [] },
  });
  renderWith(<AdminScreen onTeamCreated={() => undefined} />, bridge, language);

  await userEvent.type(screen.getByLabelText(labels.team), 'vision');
  await userEvent.type(screen.getByLabelText(labels.bucket), 'vision-data');
  await userEvent.click(screen.getByRole('button', { name: labels.create }));

  const heading = await screen.findByRole('heading', { name: labels.errors });
  return heading.nextElementSibling as HTMLElement;
}

describe('AdminScreen rejections', () => {
  for (const testCase of CASES) {
    for (const language of ['en', 'ja'] as const) {
      it(`shows ${testCase.issue.code} in ${language}`, async () => {
        const errors = await submitRejected(testCase.issue, language);
        const item = within(errors).getByRole('listitem');

        expect(within(item).getByText(testCase[language])).toBeTruthy();
        expect(within(item).getByText(testCase.issue.message)).toBeTruthy();
      });
    }
  }

  it('shows an unknown reason with the general sentence', async () => {
    const message = 'Team "vision" is archived: restore it first.';
    const errors = await submitRejected({ code: 'REQUEST_REJECTED', message, params: {} }, 'ja');

    expect(
      within(errors).getByText(/^プラットフォームがフォームの値を受け付けませんでした。/),
    ).toBeTruthy();
    expect(within(errors).getByText(message)).toBeTruthy();
  });
});
