// Profiles signed in before: continue with one, or remove it together with its stored key.
import { useTranslation } from 'react-i18next';

import type { Profile, ProfileList } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import { useFormat } from '../../i18n/format';

/**
 * Returns the profile's name in the UI's language: main names the W&B cloud and sandbox
 * profiles in English, and a self-managed profile by its host, which needs no translation.
 */
export function profileLabel(profile: Profile, t: (key: string) => string): string {
  if (profile.kind === 'wandb-cloud') return t('signIn.presetCloud');
  if (profile.kind === 'sandbox') return t('signIn.sandboxProfile');
  return profile.name;
}

interface SavedProfilesProps {
  list: ProfileList;
  disabled: boolean;
  onSignIn: (profileId: string) => void;
  onRemoved: () => void;
}

export function SavedProfiles({ list, disabled, onSignIn, onRemoved }: SavedProfilesProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const format = useFormat();
  const { error, run } = useAction();

  const remove = async (profileId: string) => {
    const list = await run(() => request(bridge.auth.removeProfile({ profileId })));
    if (list !== undefined) onRemoved();
  };

  return (
    <section className="card" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">{t('signIn.savedHeading')}</h2>
      <ul className="profile-list">
        {list.profiles.map((profile) => {
          const user = profile.username ?? t('signIn.unknownUser');
          const canSignIn = profile.keyStorage !== 'none';
          return (
            <li key={profile.id}>
              <div>
                <strong>{profileLabel(profile, t)}</strong>
                <span className="muted"> {user}</span>
                <div className="muted small">
                  {profile.host}
                  {profile.lastSignedInAt !== null &&
                    ` · ${t('signIn.lastSignedIn', { time: format.dateTime(profile.lastSignedInAt) })}`}
                </div>
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={disabled || !canSignIn}
                  onClick={() => onSignIn(profile.id)}
                  aria-label={t('signIn.continueAs', { user, host: profile.host })}
                >
                  {t('signIn.continue')}
                </button>
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => void remove(profile.id)}
                  aria-label={t('signIn.removeProfile', { name: profileLabel(profile, t) })}
                >
                  {t('common.remove')}
                </button>
              </div>
              {!canSignIn && <p className="hint">{t('signIn.needsKey')}</p>}
            </li>
          );
        })}
      </ul>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
