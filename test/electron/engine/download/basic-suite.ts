// Downloads that every storage stand-in must return byte for byte: edge-case names and sizes,
// a few hundred small files, files already on disk, Windows-unsafe names, a file filter and
// run files. Each file is uploaded with the UploadEngine first.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  ProgressEvent,
  StateEvent,
  WarningEvent,
} from '../../../../electron/engine/transfer/index';
import { edgeCaseFiles } from '../upload/cases';
import type { EngineEnv } from '../upload/fixture';
import {
  downloader,
  expectTree,
  newRoot,
  PROJECT,
  SMALL_RANGES,
  TEAM,
  uploadArtifact,
} from './fixture';

/** Registers the tests that every storage stand-in must pass, on the environment `start` returns. */
export function downloadSuite(title: string, start: () => Promise<EngineEnv>): void {
  describe(title, () => {
    let ctx: EngineEnv;

    beforeAll(async () => {
      ctx = await start();
    });

    afterAll(() => ctx?.stop());

    it('downloads edge-case files byte for byte', async () => {
      const files = edgeCaseFiles(300);
      await uploadArtifact(ctx, 'edge', files);
      const root = newRoot(ctx, 'edge');
      const engine = downloader(ctx, SMALL_RANGES);
      const progress: ProgressEvent[] = [];
      engine.events.on('progress', (event) => progress.push(event));

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'edge',
        version: 'latest',
        root,
      });

      expect(await engine.wait(id)).toBe('completed');
      // The platform stores names in NFC, so the NFD name comes back in NFC.
      const expected = Object.fromEntries(
        Object.entries(files).map(([name, bytes]) => [name.normalize('NFC'), bytes]),
      );
      // `?` is not allowed on Windows, so the mapping writes it as %3F.
      expected['question%3Fmark.txt'] = expected['question?mark.txt']!;
      delete expected['question?mark.txt'];
      // A `%` before two hex digits is escaped, so the mapping can be reversed.
      expected['percent%2520sign.txt'] = expected['percent%20sign.txt']!;
      delete expected['percent%20sign.txt'];
      expectTree(root, expected);

      const journaled = ctx.journal.getTransfer(id)!;
      const forty = journaled.files.find((file) => file.logicalPath === 'forty.bin')!;
      expect(ctx.journal.confirmedParts(forty.id)).toHaveLength(8);
      const exact = journaled.files.find((file) => file.logicalPath === 'exact-part.bin')!;
      expect(ctx.journal.confirmedParts(exact.id)).toHaveLength(1);
      const over = journaled.files.find((file) => file.logicalPath === 'one-over-part.bin')!;
      expect(ctx.journal.confirmedParts(over.id).map((part) => part.length)).toEqual([
        5 * 1024 * 1024,
        1,
      ]);
      const total = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);
      expect(progress.at(-1)!.transfer.bytesDone).toBe(total);
      expect(progress.at(-1)!.transfer.bytesTotal).toBe(total);
    });

    it('keeps x and x.part apart', async () => {
      // Each partial file must differ from every final path, such as that of `x.bin.part`.
      const files = {
        'x.bin': randomBytes(12 * 1024 * 1024),
        'x.bin.part': randomBytes(3 * 1024 * 1024),
        'x.bin.part.part': randomBytes(2000),
      };
      await uploadArtifact(ctx, 'part-names', files);
      const root = newRoot(ctx, 'part-names');
      const engine = downloader(ctx, SMALL_RANGES);

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'part-names',
        version: 'latest',
        root,
      });

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, files);
    });

    it('keeps an identical file and replaces a different one', async () => {
      const files = { 'same.bin': randomBytes(3000), 'other.bin': randomBytes(4000) };
      await uploadArtifact(ctx, 'present', files);
      const root = newRoot(ctx, 'present');
      writeFileSync(join(root, 'same.bin'), files['same.bin']);
      writeFileSync(join(root, 'other.bin'), randomBytes(4000));
      const engine = downloader(ctx);
      const states: StateEvent[] = [];
      engine.events.on('state', (event) => states.push(event));

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'present',
        version: 'v0',
        root,
      });

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, files);
      const byPath = Object.fromEntries(
        ctx.journal.getTransfer(id)!.files.map((file) => [file.logicalPath, file.state]),
      );
      expect(byPath).toEqual({ 'same.bin': 'skipped', 'other.bin': 'done' });
      expect(
        states.filter((event) => event.logicalPath === 'same.bin').map((e) => e.state),
      ).toEqual(['skipped']);
    });

    it('maps names Windows rejects and warns', async () => {
      const files = {
        'CON.txt': randomBytes(10),
        'a:b.txt': randomBytes(11),
        'dots.': randomBytes(12),
        'dir/star*.txt': randomBytes(13),
      };
      await uploadArtifact(ctx, 'windows', files);
      const root = newRoot(ctx, 'windows');
      const engine = downloader(ctx);
      const warnings: WarningEvent[] = [];
      engine.events.on('warning', (event) => warnings.push(event));

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'windows',
        version: 'latest',
        root,
      });

      expect(
        await engine.wait(id),
        JSON.stringify(ctx.journal.getTransfer(id)!.transfer.error),
      ).toBe('completed');
      expectTree(root, {
        '%43ON.txt': files['CON.txt'],
        'a%3Ab.txt': files['a:b.txt'],
        'dots%2E': files['dots.'],
        'dir/star%2A.txt': files['dir/star*.txt'],
      });
      expect(warnings.map((warning) => warning.logicalPath).sort()).toEqual(
        Object.keys(files).sort(),
      );
      const record = ctx.journal.getTransfer(id)!.files.find((f) => f.logicalPath === 'a:b.txt')!;
      expect(record.localPath).toBe(join(root, 'a%3Ab.txt'));
    });

    it('rejects a folder linked outside', async () => {
      const files = { 'linked/a.txt': randomBytes(7), 'b.txt': randomBytes(8) };
      await uploadArtifact(ctx, 'linked', files);
      const root = newRoot(ctx, 'linked');
      const outside = newRoot(ctx, 'outside');
      symlinkSync(outside, join(root, 'linked'));
      const engine = downloader(ctx);

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'linked',
        version: 'latest',
        root,
      });

      expect(await engine.wait(id)).toBe('failed');
      expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('UNSAFE_PATH');
      expect(readdirSync(outside)).toEqual([]);
      expect(readFileSync(join(root, 'b.txt')).equals(files['b.txt'])).toBe(true);
    });

    it('downloads only the requested files', async () => {
      const files = { 'one.txt': randomBytes(5), 'two.txt': randomBytes(6) };
      await uploadArtifact(ctx, 'filtered', files);
      const root = newRoot(ctx, 'filtered');
      const engine = downloader(ctx);

      const id = engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name: 'filtered',
        version: 'latest',
        root,
        files: ['two.txt'],
      });

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, { 'two.txt': files['two.txt'] });
    });

    it('downloads run files', async () => {
      const files = { 'output.log': randomBytes(2000), 'media/chart.png': randomBytes(9000) };
      await uploadRunFiles(ctx, 'run-1', files);
      const root = newRoot(ctx, 'run-files');
      const engine = downloader(ctx);

      const id = engine.downloadRunFiles({ entity: TEAM, project: PROJECT, run: 'run-1', root });

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, files);
      const states = ctx.journal.getTransfer(id)!.files.map((file) => file.state);
      expect(states).toEqual(['done', 'done']);
    });

    it('resumes a file filter before its listing', async () => {
      const files = { 'keep.log': randomBytes(1000), 'skip.log': randomBytes(1000) };
      await uploadRunFiles(ctx, 'run-filter', files);
      const root = newRoot(ctx, 'run-filter');
      // A download paused before its listing finished: the journal has its filter, no files.
      const { id } = ctx.journal.createTransfer({
        kind: 'download-run-files',
        target: {
          platformHost: ctx.env.url,
          entity: TEAM,
          project: PROJECT,
          runId: 'run-filter',
          downloadRoot: root,
          requestedFiles: ['keep.log'],
        },
      });
      ctx.journal.setTransferState(id, 'paused');
      expect(ctx.journal.getTransfer(id)!.transfer.listingComplete).toBe(false);
      const engine = downloader(ctx);

      engine.resume(id);

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, { 'keep.log': files['keep.log'] });
    });
  });
}

/** Uploads `files` as the files of run `run` and waits for the upload to complete. */
async function uploadRunFiles(
  ctx: EngineEnv,
  run: string,
  files: Record<string, Buffer>,
): Promise<void> {
  const uploader = ctx.engine();
  const uploadId = uploader.uploadRunFiles({
    entity: TEAM,
    project: PROJECT,
    run,
    files: Object.entries(files).map(([logicalPath, bytes]) => ({
      logicalPath,
      localPath: ctx.writeLocal(`${run}/${logicalPath}`, bytes),
    })),
  });
  expect(await uploader.wait(uploadId)).toBe('completed');
}
