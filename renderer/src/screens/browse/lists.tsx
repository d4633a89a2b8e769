// The lists of the Browse screen, one per level: projects, artifact types, collections,
// versions and runs. Each requests one page at a time from main.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import type {
  ArtifactTypeItem,
  CollectionItem,
  ProjectItem,
  RunItem,
  VersionItem,
} from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { useFormat } from '../../i18n/format';
import { usePagedList } from '../../hooks/usePagedList';
import { PagedListView } from './PagedListView';

const PAGE_SIZE = 200;

interface InEntity {
  entity: string;
}
interface InProject extends InEntity {
  project: string;
}

export function ProjectList({
  entity,
  onOpen,
}: InEntity & { onOpen: (item: ProjectItem) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const format = useFormat();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(bridge.browse.projects({ entity, cursor, pageSize: PAGE_SIZE })),
    [bridge, entity],
  );
  const list = usePagedList(fetchPage, `projects:${entity}`);

  return (
    <PagedListView
      label={t('browse.projects')}
      list={list}
      emptyText={t('browse.noProjects')}
      rowKey={(item) => item.name}
      onOpen={onOpen}
      renderRow={(item) => (
        <>
          <span className="cell-name">{item.name}</span>
          <span className="cell-meta">{format.dateTime(item.createdAt)}</span>
        </>
      )}
    />
  );
}

export function ArtifactTypeList({
  entity,
  project,
  onOpen,
}: InProject & { onOpen: (item: ArtifactTypeItem) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(bridge.browse.artifactTypes({ entity, project, cursor, pageSize: PAGE_SIZE })),
    [bridge, entity, project],
  );
  const list = usePagedList(fetchPage, `types:${entity}/${project}`);

  return (
    <PagedListView
      label={t('browse.artifactTypes')}
      list={list}
      emptyText={t('browse.noArtifacts')}
      rowKey={(item) => item.name}
      onOpen={onOpen}
      renderRow={(item) => (
        <>
          <span className="cell-name">{item.name}</span>
          <span className="cell-meta muted">{item.description ?? ''}</span>
        </>
      )}
    />
  );
}

export function CollectionList({
  entity,
  project,
  type,
  onOpen,
}: InProject & { type: string; onOpen: (item: CollectionItem) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const format = useFormat();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(bridge.browse.collections({ entity, project, type, cursor, pageSize: PAGE_SIZE })),
    [bridge, entity, project, type],
  );
  const list = usePagedList(fetchPage, `collections:${entity}/${project}/${type}`);

  return (
    <PagedListView
      label={t('browse.collections')}
      list={list}
      emptyText={t('browse.noCollections')}
      rowKey={(item) => item.name}
      onOpen={onOpen}
      renderRow={(item) => (
        <>
          <span className="cell-name">{item.name}</span>
          {item.kind === 'portfolio' && <span className="badge">{t('browse.portfolio')}</span>}
          <span className="cell-meta">{format.dateTime(item.createdAt)}</span>
        </>
      )}
    />
  );
}

export function VersionList({
  entity,
  project,
  type,
  collection,
  onOpen,
}: InProject & { type: string; collection: string; onOpen: (item: VersionItem) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const format = useFormat();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(
        bridge.browse.versions({ entity, project, type, collection, cursor, pageSize: PAGE_SIZE }),
      ),
    [bridge, entity, project, type, collection],
  );
  const list = usePagedList(fetchPage, `versions:${entity}/${project}/${type}/${collection}`);

  return (
    <PagedListView
      label={t('browse.versions')}
      list={list}
      emptyText={t('browse.noVersions')}
      rowKey={(item) => item.id}
      onOpen={onOpen}
      renderRow={(item) => (
        <>
          <span className="cell-name">{item.version}</span>
          <span className="cell-aliases">
            {item.aliases.map((alias) => (
              <span key={alias} className="badge">
                {alias}
              </span>
            ))}
            {item.state !== 'COMMITTED' && (
              <span className="badge badge-warn">{t(`browse.versionState.${item.state}`)}</span>
            )}
          </span>
          <span className="cell-size">
            {t('browse.sizeAndFiles', {
              size: format.bytes(item.size),
              count: item.fileCount,
              files: format.count(item.fileCount),
            })}
          </span>
          <span className="cell-meta">{format.dateTime(item.createdAt)}</span>
        </>
      )}
    />
  );
}

export function RunList({
  entity,
  project,
  onOpen,
}: InProject & { onOpen: (item: RunItem) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const format = useFormat();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      request(bridge.browse.runs({ entity, project, cursor, pageSize: PAGE_SIZE })),
    [bridge, entity, project],
  );
  const list = usePagedList(fetchPage, `runs:${entity}/${project}`);

  return (
    <PagedListView
      label={t('browse.runs')}
      list={list}
      emptyText={t('browse.noRuns')}
      rowKey={(item) => item.name}
      onOpen={onOpen}
      renderRow={(item) => (
        <>
          <span className="cell-name">{item.displayName ?? item.name}</span>
          <span className="cell-meta muted mono">{item.name}</span>
          <span className="cell-meta">{item.createdAt ? format.dateTime(item.createdAt) : ''}</span>
        </>
      )}
    />
  );
}
