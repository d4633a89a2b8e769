// The two file views: the files of an artifact version and the files of a run, each paged
// from main and downloadable through `transfers`.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import { request, useBridge } from '../../bridge';
import { usePagedList } from '../../hooks/usePagedList';
import { FilesView } from './FilesView';

/** Files per page; the contract's maximum, so 100,000 files take 200 requests. */
const FILE_PAGE_SIZE = 500;

interface VersionFilesProps {
  entity: string;
  project: string;
  collection: string;
  version: string;
  onShowTransfers: () => void;
}

export function VersionFiles({
  entity,
  project,
  collection,
  version,
  onShowTransfers,
}: VersionFilesProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(
        bridge.browse.versionFiles({
          entity,
          project,
          collection,
          version,
          cursor,
          pageSize: FILE_PAGE_SIZE,
        }),
      ),
    [bridge, entity, project, collection, version],
  );
  const list = usePagedList(
    fetchPage,
    `version-files:${entity}/${project}/${collection}:${version}`,
  );

  const startDownload = (destination: string, files: string[] | undefined) =>
    request(
      bridge.transfers.downloadVersion({
        entity,
        project,
        collection,
        version,
        destination,
        ...(files === undefined ? {} : { files }),
      }),
    );

  return (
    <FilesView
      label={t('browse.versionFiles', { collection, version })}
      list={list}
      startDownload={startDownload}
      onShowTransfers={onShowTransfers}
    />
  );
}

interface RunFilesProps {
  entity: string;
  project: string;
  run: string;
  onShowTransfers: () => void;
}

export function RunFiles({ entity, project, run, onShowTransfers }: RunFilesProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(bridge.browse.runFiles({ entity, project, run, cursor, pageSize: FILE_PAGE_SIZE })),
    [bridge, entity, project, run],
  );
  const list = usePagedList(fetchPage, `run-files:${entity}/${project}/${run}`);

  const startDownload = (destination: string, files: string[] | undefined) =>
    request(
      bridge.transfers.downloadRunFiles({
        entity,
        project,
        run,
        destination,
        ...(files === undefined ? {} : { files }),
      }),
    );

  return (
    <FilesView
      label={t('browse.runFiles', { run })}
      list={list}
      startDownload={startDownload}
      onShowTransfers={onShowTransfers}
    />
  );
}
