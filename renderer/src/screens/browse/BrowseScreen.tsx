// Browse one team: projects → artifact types → collections → versions → files, and
// projects → runs → run files. Dropping files on a project, collection or run (or picking
// them) opens the upload dialog for that place.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Empty, Loading, Notice, StartedNotice } from '../../components/ui';
import { DropZone, UploadActions } from '../upload/sources';
import { UploadDialog } from '../upload/UploadDialog';
import type { UploadTarget } from '../upload/upload-form';
import { Breadcrumbs, ProjectTabs, type BrowseLocation } from './navigation';
import { RunFiles, VersionFiles } from './file-lists';
import { ArtifactTypeList, CollectionList, ProjectList, RunList, VersionList } from './lists';

interface BrowseScreenProps {
  /** The team to browse, or null when none is chosen yet. */
  entity: string | null;
  teamsLoading: boolean;
  /** Browse's place in this team, which the shell keeps while other screens show. */
  location: BrowseLocation;
  onNavigate: (location: BrowseLocation) => void;
  onShowTransfers: () => void;
}

export function BrowseScreen(props: BrowseScreenProps) {
  const { entity, teamsLoading, location, onNavigate: setLocation, onShowTransfers } = props;
  const { t } = useTranslation();
  const [upload, setUpload] = useState<{ target: UploadTarget; paths: string[] } | null>(null);
  const [notice, setNotice] = useState<'started' | 'drop-unavailable' | null>(null);

  if (entity === null) {
    return teamsLoading ? <Loading /> : <Empty>{t('browse.pickTeam')}</Empty>;
  }

  const uploadTarget = uploadTargetOf(entity, location);
  const openUpload = (paths: string[]) => {
    if (uploadTarget !== null) setUpload({ target: uploadTarget, paths });
  };

  return (
    <main className="browse" aria-labelledby="browse-heading">
      <h1 id="browse-heading" className="visually-hidden">
        {t('browse.heading', { team: entity })}
      </h1>
      <Breadcrumbs entity={entity} location={location} onNavigate={setLocation} />

      {notice === 'started' && (
        <StartedNotice onShowTransfers={onShowTransfers}>{t('upload.started')}</StartedNotice>
      )}
      {notice === 'drop-unavailable' && <Notice>{t('upload.dropUnavailable')}</Notice>}

      {uploadTarget !== null && (
        <div className="toolbar">
          <UploadActions onPaths={openUpload} />
        </div>
      )}

      {uploadTarget === null ? (
        <LocationView
          entity={entity}
          location={location}
          onNavigate={setLocation}
          onShowTransfers={onShowTransfers}
        />
      ) : (
        <DropZone
          label={dropLabel(location)}
          onPaths={openUpload}
          onUnavailable={() => setNotice('drop-unavailable')}
        >
          <LocationView
            entity={entity}
            location={location}
            onNavigate={setLocation}
            onShowTransfers={onShowTransfers}
          />
        </DropZone>
      )}

      {upload && (
        <UploadDialog
          target={upload.target}
          paths={upload.paths}
          onClose={() => setUpload(null)}
          onStarted={() => {
            setUpload(null);
            setNotice('started');
          }}
        />
      )}
    </main>
  );
}

interface LocationViewProps {
  entity: string;
  location: BrowseLocation;
  onNavigate: (location: BrowseLocation) => void;
  onShowTransfers: () => void;
}

function LocationView({ entity, location, onNavigate, onShowTransfers }: LocationViewProps) {
  switch (location.view) {
    case 'projects':
      return (
        <ProjectList
          entity={entity}
          onOpen={(item) => onNavigate({ view: 'project', project: item.name, tab: 'artifacts' })}
        />
      );
    case 'project': {
      const { project } = location;
      return (
        <ProjectTabs location={location} onNavigate={onNavigate}>
          {location.tab === 'artifacts' ? (
            <ArtifactTypeList
              entity={entity}
              project={project}
              onOpen={(item) => onNavigate({ view: 'type', project, type: item.name })}
            />
          ) : (
            <RunList
              entity={entity}
              project={project}
              onOpen={(item) => onNavigate({ view: 'run', project, run: item.name })}
            />
          )}
        </ProjectTabs>
      );
    }
    case 'type': {
      const { project, type } = location;
      return (
        <CollectionList
          entity={entity}
          project={project}
          type={type}
          onOpen={(item) =>
            onNavigate({ view: 'collection', project, type, collection: item.name })
          }
        />
      );
    }
    case 'collection': {
      const { project, type, collection } = location;
      return (
        <VersionList
          entity={entity}
          project={project}
          type={type}
          collection={collection}
          onOpen={(item) => onNavigate({ ...location, view: 'version', version: item.version })}
        />
      );
    }
    case 'version':
      return <VersionFiles entity={entity} {...location} onShowTransfers={onShowTransfers} />;
    case 'run':
      return <RunFiles entity={entity} {...location} onShowTransfers={onShowTransfers} />;
  }
}

// Uploads go into a project, a collection or a run; a version's files and the project list
// take no drop.
function uploadTargetOf(entity: string, location: BrowseLocation): UploadTarget | null {
  switch (location.view) {
    case 'project':
    case 'type':
      return { entity, project: location.project };
    case 'collection':
      return {
        entity,
        project: location.project,
        collection: { name: location.collection, type: location.type },
      };
    case 'run':
      return { entity, project: location.project, run: location.run };
    default:
      return null;
  }
}

function dropLabel(location: BrowseLocation): string {
  if (location.view === 'collection') return location.collection;
  if (location.view === 'run') return location.run;
  return 'project' in location ? location.project : '';
}
