// Data the end-to-end scenarios browse and download: a team with an instance-level folder, a
// project with a dataset artifact and a run with files. It is written through the same IPC
// handlers before the browser opens, and the sign-in is then removed so the page starts at
// the sign-in screen.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ProfileList, Session } from '../../../shared/ipc/index';
import { FILE_STORE, finished, type MainEnv } from '../../electron/main/fixture';

export const TEAM = 'vision-lab';
export const PROJECT = 'digit-recognition';
export const RUN = 'train-2024-06';

/** The admin form's values for a team whose bucket has no CORS rules, so the platform warns. */
export const FILE_STORE_TEAM_FORM = { teamName: 'speech-lab', container: FILE_STORE };

export interface Seed {
  adminKey: string;
  /** Logical path inside the mnist artifact → the local file it was uploaded from. */
  mnistFiles: [string, string][];
}

export async function seedTeam(main: MainEnv): Promise<Seed> {
  const adminKey = (await main.platform.clientFor('root', { admin: true })).apiKey!;
  const session = await main.ok<Session>('auth:sign-in', {
    kind: 'self-managed',
    host: main.platform.url,
    apiKey: adminKey,
  });
  await main.ok('admin:create-team', {
    teamName: TEAM,
    storage: { level: 'INSTANCE' },
    members: ['root'],
  });

  const source = join(main.workDir, 'seed');
  const mnistFiles: [string, string][] = [];
  mkdirSync(join(source, 'mnist', 'images'), { recursive: true });
  const labels = join(source, 'mnist', 'labels.csv');
  writeFileSync(labels, 'image,label\n0.png,7\n1.png,2\n2.png,1\n3.png,0\n');
  mnistFiles.push(['labels.csv', labels]);
  for (let index = 0; index < 4; index += 1) {
    const image = join(source, 'mnist', 'images', `${index}.png`);
    writeFileSync(image, Buffer.alloc(40_000 + index * 1000, index + 1));
    mnistFiles.push([`images/${index}.png`, image]);
  }
  const artifact = await main.ok<{ transferId: string }>('transfers:upload-artifact', {
    entity: TEAM,
    project: PROJECT,
    name: 'mnist',
    type: 'dataset',
    aliases: ['best'],
    description: 'Handwritten digits, 28×28 grey scale',
    paths: [labels, join(source, 'mnist', 'images')],
  });
  await finished(main, artifact.transferId, ['committed', 'failed']);

  mkdirSync(join(source, 'run'), { recursive: true });
  const runFiles = ['config.yaml', 'metrics.json', 'model.ckpt'].map((name) =>
    join(source, 'run', name),
  );
  writeFileSync(runFiles[0]!, 'epochs: 10\nlearning_rate: 0.001\n');
  writeFileSync(runFiles[1]!, '{"accuracy": 0.991}\n');
  writeFileSync(runFiles[2]!, Buffer.alloc(120_000, 9));
  const run = await main.ok<{ transferId: string }>('transfers:upload-run-files', {
    entity: TEAM,
    project: PROJECT,
    run: RUN,
    paths: runFiles,
  });
  await finished(main, run.transferId, ['committed', 'failed']);

  await main.ok<ProfileList>('auth:remove-profile', { profileId: session.profile.id });
  return { adminKey, mnistFiles };
}
