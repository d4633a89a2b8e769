// Browse navigation: the location inside a team (a path from the projects down to a version's
// or a run's files), the breadcrumb trail back up, and a project's artifact and run tabs.
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type BrowseLocation =
  | { view: 'projects' }
  | { view: 'project'; project: string; tab: 'artifacts' | 'runs' }
  | { view: 'type'; project: string; type: string }
  | { view: 'collection'; project: string; type: string; collection: string }
  | { view: 'version'; project: string; type: string; collection: string; version: string }
  | { view: 'run'; project: string; run: string };

export interface Crumb {
  label: string;
  location: BrowseLocation;
}

/** Lists the breadcrumb trail above `location`, without the team itself. */
export function crumbsOf(location: BrowseLocation): Crumb[] {
  if (location.view === 'projects') return [];
  const { project } = location;
  const crumbs: Crumb[] = [
    { label: project, location: { view: 'project', project, tab: 'artifacts' } },
  ];

  if (location.view === 'run') {
    crumbs[0] = { label: project, location: { view: 'project', project, tab: 'runs' } };
    crumbs.push({ label: location.run, location });
    return crumbs;
  }
  if (location.view === 'project') {
    crumbs[0] = { label: project, location };
    return crumbs;
  }

  const { type } = location;
  crumbs.push({ label: type, location: { view: 'type', project, type } });
  if (location.view === 'type') return crumbs;

  const { collection } = location;
  crumbs.push({ label: collection, location: { view: 'collection', project, type, collection } });
  if (location.view === 'version') crumbs.push({ label: location.version, location });
  return crumbs;
}

interface BreadcrumbsProps {
  entity: string;
  location: BrowseLocation;
  onNavigate: (location: BrowseLocation) => void;
}

export function Breadcrumbs({ entity, location, onNavigate }: BreadcrumbsProps) {
  const { t } = useTranslation();
  const trail = [
    { label: entity, location: { view: 'projects' } as BrowseLocation },
    ...crumbsOf(location),
  ];

  return (
    <nav aria-label={t('browse.breadcrumbs')}>
      <ol className="breadcrumbs">
        {trail.map((crumb, index) => {
          const last = index === trail.length - 1;
          return (
            <li key={`${index}:${crumb.label}`}>
              {last ? (
                <span aria-current="location">{crumb.label}</span>
              ) : (
                <button type="button" className="link" onClick={() => onNavigate(crumb.location)}>
                  {crumb.label}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

type ProjectLocation = Extract<BrowseLocation, { view: 'project' }>;
const TABS = ['artifacts', 'runs'] as const;

interface ProjectTabsProps {
  location: ProjectLocation;
  onNavigate: (location: BrowseLocation) => void;
  children: ReactNode;
}

export function ProjectTabs({ location, onNavigate, children }: ProjectTabsProps) {
  const { t } = useTranslation();
  const select = (tab: ProjectLocation['tab']) => onNavigate({ ...location, tab });

  // Arrow keys move between tabs, as in every tab list.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    select(location.tab === 'artifacts' ? 'runs' : 'artifacts');
    event.preventDefault();
  };

  return (
    <div className="project-tabs">
      <div role="tablist" aria-label={location.project} className="tablist" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={location.tab === tab}
            aria-controls="project-tab-panel"
            tabIndex={location.tab === tab ? 0 : -1}
            onClick={() => select(tab)}
          >
            {t(`browse.tab.${tab}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="project-tab-panel" aria-labelledby={`tab-${location.tab}`}>
        {children}
      </div>
    </div>
  );
}
