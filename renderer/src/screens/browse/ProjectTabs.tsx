// A project's two lists: its artifacts and its runs, as tabs.
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { BrowseLocation } from './location';

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
