// Where the Browse screen is inside a team: a path from the team's projects down to a
// version's files or a run's files.
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

/** The breadcrumb trail above `location`, without the team itself. */
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
