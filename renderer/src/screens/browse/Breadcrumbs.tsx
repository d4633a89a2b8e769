// The trail from the team down to where Browse is; every step but the last goes back there.
import { useTranslation } from 'react-i18next';

import { crumbsOf, type BrowseLocation } from './location';

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
