// Interrupting `byob artifact put`: SIGKILL at two points and `byob transfers resume`, Ctrl-C
// (SIGINT) with exit code 3, and pause, cancel and resume from a second process. Storage
// traffic goes through the fault proxy, which counts the bytes of every part, so the tests
// check that no confirmed part is sent twice.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MiB, PROJECT, startCliEnv, TEAM, type CliChild, type CliEnv } from './fixture';

/** Parts of 5 MiB at 4 MiB/s, one request at a time: a 30 MiB file takes about 8 s. */
const SLOW = [
  '--part-size',
  '5MiB',
  '--multipart-threshold',
  '6MiB',
  '--limit-rate',
  '4MiB',
  '--concurrency',
  '1',
];
const SIZE = 30 * MiB;

describe('byob interrupted uploads', () => {
  let cli: CliEnv;
  let env: Record<string, string>;

  beforeAll(async () => {
    cli = await startCliEnv({ withProxy: true });
    env = { WANDB_BASE_URL: cli.platform.url, WANDB_API_KEY: cli.keys.alice };
  });

  afterAll(async () => {
    await cli?.stop();
  });

  /** Starts a slow upload of SIZE random bytes and returns the child, its bytes and transfer id. */
  async function startUpload(
    name: string,
  ): Promise<{ child: CliChild; bytes: Buffer; id: string }> {
    const bytes = randomBytes(SIZE);
    const file = cli.writeLocal(`${name}/big.bin`, bytes);
    const child = cli.start(
      [
        'artifact',
        'put',
        file,
        '--name',
        `${TEAM}/${PROJECT}/${name}`,
        '--type',
        'model',
        '--json',
        ...SLOW,
      ],
      { env },
    );
    const started = await child.waitForEvent((event) => event.event === 'started');
    return { child, bytes, id: started.transferId as string };
  }

  /** Reads the journal's confirmed parts of the transfer's one file. */
  function confirmedParts(id: string) {
    const journal = cli.openJournal();
    try {
      const file = journal.getTransfer(id)?.files[0];
      return file === undefined ? [] : journal.confirmedParts(file.id);
    } finally {
      journal.close();
    }
  }

  async function untilConfirmed(id: string, count: number): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (confirmedParts(id).length >= count) return;
      await sleep(50);
    }
    throw new Error(`Transfer ${id} did not confirm ${count} parts within 30 s.`);
  }

  function transfer(id: string) {
    const journal = cli.openJournal();
    try {
      return journal.getTransfer(id)!.transfer;
    } finally {
      journal.close();
    }
  }

  /**
   * Bytes of block PUTs that storage accepted since the last reset. Put Block List, the last
   * request of an Azure upload, carries a few hundred bytes of block ids and is left out by size.
   */
  function acceptedPartBytes(): number {
    return cli
      .proxy!.stats()
      .log.filter(
        (record) =>
          record.method === 'PUT' &&
          record.status !== null &&
          record.status >= 200 &&
          record.status < 300 &&
          record.path.includes('/artifacts/content/') &&
          record.requestBytes > 64 * 1024,
      )
      .reduce((sum, record) => sum + record.requestBytes, 0);
  }

  async function expectStored(name: string, bytes: Buffer): Promise<void> {
    const stored = await cli.readBack(name);
    expect(stored['big.bin']!.equals(bytes)).toBe(true);
  }

  it('resumes after SIGKILL mid-upload', async () => {
    const { child, bytes, id } = await startUpload('killed-mid');
    await untilConfirmed(id, 2);
    child.process.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');

    const before = confirmedParts(id);
    const confirmedBytes = before.reduce((sum, part) => sum + part.length, 0);
    cli.proxy!.resetStats();
    const resumed = await cli.run(['transfers', 'resume'], { env });

    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(transfer(id).state).toBe('completed');
    const after = confirmedParts(id);
    for (const part of before) expect(after[part.index]!.receipt).toBe(part.receipt);
    expect(acceptedPartBytes()).toBe(SIZE - confirmedBytes);
    await expectStored('killed-mid', bytes);
  });

  it('resumes after SIGKILL while hashing', async () => {
    const { child, bytes, id } = await startUpload('killed-early');
    await child.waitForEvent((event) => event.event === 'state' && event.state === 'hashing');
    child.process.kill('SIGKILL');
    await child.exited;

    const confirmedBytes = confirmedParts(id).reduce((sum, part) => sum + part.length, 0);
    cli.proxy!.resetStats();
    const resumed = await cli.run(['transfers', 'resume', id], { env });

    expect(resumed.code).toBe(0);
    expect(acceptedPartBytes()).toBe(SIZE - confirmedBytes);
    await expectStored('killed-early', bytes);
  });

  it('pauses on SIGINT with exit code 3', async () => {
    const { child, bytes, id } = await startUpload('interrupted');
    await untilConfirmed(id, 1);
    child.process.kill('SIGINT');
    const { code } = await child.exited;

    expect(code).toBe(3);
    expect(child.stderr()).toContain(`byob transfers resume ${id}`);
    expect(child.stderr().trimEnd().split('\n')).toHaveLength(1);
    const record = transfer(id);
    expect(record.state).toBe('paused');
    expect(record.owner).toBeNull();
    const summary = JSON.parse(child.stdout().trimEnd().split('\n').at(-1)!) as Record<
      string,
      unknown
    >;
    expect(summary).toMatchObject({
      event: 'summary',
      state: 'paused',
      resumeCommand: `byob transfers resume ${id}`,
    });

    const resumed = await cli.run(['transfers', 'resume', id], { env });
    expect(resumed.code).toBe(0);
    await expectStored('interrupted', bytes);
  });

  it('pauses from a second process', async () => {
    const { child, bytes, id } = await startUpload('paused-elsewhere');
    await untilConfirmed(id, 1);
    const pause = await cli.run(['transfers', 'pause', id], { env });

    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain(
      `Transfer ${id} is paused (process ${child.process.pid} stopped it).`,
    );
    expect((await child.exited).code).toBe(3);
    expect(transfer(id).requestedState).toBe('paused');

    const resumeAll = await cli.run(['transfers', 'resume'], { env });
    expect(resumeAll.code).toBe(0);
    expect(resumeAll.stdout).toContain('No transfers to resume.');
    expect(transfer(id).state).toBe('paused');

    const resumed = await cli.run(['transfers', 'resume', id], { env });
    expect(resumed.code).toBe(0);
    expect(transfer(id).requestedState).toBeNull();
    await expectStored('paused-elsewhere', bytes);
  });

  it('cancels from a second process', async () => {
    const { child, id } = await startUpload('cancelled-elsewhere');
    await untilConfirmed(id, 1);
    const cancel = await cli.run(['transfers', 'cancel', id], { env });

    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`Transfer ${id} is cancelled`);
    expect((await child.exited).code).toBe(1);
    expect(child.stderr()).toContain(`transfer ${id} was cancelled`);
    expect(transfer(id).state).toBe('cancelled');
  });

  it('shows a killed upload as interrupted', async () => {
    const { child, id } = await startUpload('interrupted-listing');
    await untilConfirmed(id, 1);
    child.process.kill('SIGKILL');
    await child.exited;

    const list = await cli.run(['transfers', 'list'], { env });
    const show = await cli.run(['transfers', 'show', id], { env });

    expect(list.stdout).toMatch(new RegExp(`^${id} +upload-artifact +interrupted `, 'm'));
    expect(show.stdout).toMatch(/^state +interrupted$/m);
    expect(show.stdout).toMatch(/^done +[\d.]+ [KMG]?i?B \(\d+%\)$/m);
    expect(show.stdout).toContain(`Resume it with: byob transfers resume ${id}`);
  });

  it('pauses a killed upload directly', async () => {
    const { child, id } = await startUpload('paused-after-kill');
    await untilConfirmed(id, 1);
    child.process.kill('SIGKILL');
    await child.exited;

    const pause = await cli.run(['transfers', 'pause', id], { env });
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain(
      `Transfer ${id} is paused. Resume it with: byob transfers resume ${id}`,
    );
    expect(transfer(id).state).toBe('paused');
    expect(transfer(id).requestedState).toBe('paused');

    const list = await cli.run(['transfers', 'list'], { env });
    expect(list.stdout).toMatch(
      new RegExp(`^${id} +upload-artifact +paused \\(paused by request\\) `, 'm'),
    );
  });

  it('cancels a killed upload directly', async () => {
    const { child, id } = await startUpload('cancelled-after-kill');
    await untilConfirmed(id, 1);
    child.process.kill('SIGKILL');
    await child.exited;

    const cancel = await cli.run(['transfers', 'cancel', id], { env });
    expect(cancel.code).toBe(0);
    const journal = cli.openJournal();
    try {
      const found = journal.getTransfer(id)!;
      expect(found.transfer.state).toBe('cancelled');
      expect(found.files.map((file) => file.state)).toEqual(['cancelled']);
    } finally {
      journal.close();
    }
  });

  it('resumes an interrupted download', async () => {
    const root = `${cli.dir}/downloads/killed-mid`;
    const child = cli.start(
      [
        'artifact',
        'get',
        `${TEAM}/${PROJECT}/killed-mid:latest`,
        '--root',
        root,
        '--json',
        '--limit-rate',
        '4MiB',
      ],
      { env },
    );
    const started = await child.waitForEvent((event) => event.event === 'started');
    await child.waitForEvent(
      (event) =>
        event.event === 'progress' && (event.transfer as { bytesDone: number }).bytesDone > 0,
    );
    child.process.kill('SIGINT');
    expect((await child.exited).code).toBe(3);

    const id = started.transferId as string;
    expect(transfer(id).state).toBe('paused');
    const resumed = await cli.run(['transfers', 'resume', id], { env });
    expect(resumed.code).toBe(0);
    const stored = await cli.readBack('killed-mid');
    expect(readFileSync(`${root}/big.bin`).equals(stored['big.bin']!)).toBe(true);
  });

  it('refuses to resume a running transfer', async () => {
    const { child, id } = await startUpload('owned');
    await untilConfirmed(id, 1);
    const resume = await cli.run(['transfers', 'resume', id], { env });

    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain(`Transfer ${id} is running in process ${child.process.pid}`);
    const list = await cli.run(['transfers', 'list'], { env });
    expect(list.stdout).toMatch(
      new RegExp(`^${id} +upload-artifact +running \\(process ${child.process.pid}\\) `, 'm'),
    );
    child.process.kill('SIGINT');
    expect((await child.exited).code).toBe(3);
  });
});
