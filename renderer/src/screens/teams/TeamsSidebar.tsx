// The sidebar of the signed-in user's teams. Each entry shows where the team's files live:
// the provider, the bucket (container on Azure) with its folder, and whether it is the team's
// own bucket or a folder of the instance's shared bucket.
import { useTranslation } from 'react-i18next';

import type { Team, TeamStorage } from '../../../../shared/ipc/index';
import { Empty, ErrorNotice, Loading } from '../../components/ui';
import type { Loaded } from '../../hooks/requests';

const PROVIDER_KEYS: Record<string, string> = {
  s3: 'teams.provider.s3',
  gcs: 'teams.provider.gcs',
  azure: 'teams.provider.azure',
};

interface TeamsSidebarProps {
  teams: Loaded<Team[]>;
  selected: string | null;
  onSelect: (team: string) => void;
}

export function TeamsSidebar({ teams, selected, onSelect }: TeamsSidebarProps) {
  const { t } = useTranslation();

  return (
    <nav className="sidebar" aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t('teams.heading')}</h2>
      {teams.loading && teams.data === undefined && <Loading />}
      {teams.error && <ErrorNotice error={teams.error} onRetry={teams.reload} />}
      {teams.data?.length === 0 && <Empty>{t('teams.empty')}</Empty>}
      <ul className="team-list">
        {teams.data?.map((team) => (
          <li key={team.name}>
            <button
              type="button"
              className="team"
              aria-current={team.name === selected ? 'true' : undefined}
              onClick={() => onSelect(team.name)}
            >
              <span className="team-name">{team.name}</span>
              <StorageLine storage={team.storage} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function StorageLine({ storage }: { storage: TeamStorage | null }) {
  const { t } = useTranslation();
  if (storage === null) return <span className="muted small">{t('teams.storageUnknown')}</span>;

  const provider = PROVIDER_KEYS[storage.provider];
  const location = storage.path ? `${storage.bucket}/${storage.path}` : storage.bucket;
  return (
    <span className="team-storage small">
      <span className={`badge ${storage.level === 'TEAM' ? 'badge-team' : ''}`}>
        {storage.level === 'TEAM' ? t('teams.levelTeam') : t('teams.levelInstance')}
      </span>{' '}
      <span>{provider ? t(provider) : storage.provider}</span>{' '}
      <span className="muted mono">{location}</span>
    </span>
  );
}
