// Sign in: pick W&B cloud, another host or the local sandbox, paste an API key, or continue
// with a saved profile. Failures are worded by cause: wrong key, host unreachable, IP not
// allowed.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { WANDB_CLOUD_HOST, type ProfileKind, type Session } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice, Field, Loading, RadioGroup } from '../../components/ui';
import { useAction, useLoad } from '../../hooks/requests';
import { SavedProfiles } from './SavedProfiles';

type Preset = 'wandb-cloud' | 'self-managed';

interface SignInScreenProps {
  onSignedIn: (session: Session) => void;
}

export function SignInScreen({ onSignedIn }: SignInScreenProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const profiles = useLoad(() => request(bridge.auth.listProfiles()), 'profiles');

  const [preset, setPreset] = useState<Preset>('wandb-cloud');
  const [host, setHost] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [remember, setRemember] = useState(true);
  // Which of the three ways to sign in is running, for its button's label.
  const [way, setWay] = useState<'key' | 'sandbox' | 'profile' | null>(null);
  const action = useAction();
  const busy = action.busy ? way : null;

  const run = async (kind: 'key' | 'sandbox' | 'profile', signIn: () => Promise<Session>) => {
    setWay(kind);
    const session = await action.run(signIn);
    if (session !== undefined) onSignedIn(session);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const kind: ProfileKind = preset;
    const target = preset === 'wandb-cloud' ? WANDB_CLOUD_HOST : host.trim();
    void run('key', () =>
      request(bridge.auth.signIn({ kind, host: target, apiKey: apiKey.trim(), remember })),
    );
  };

  const startSandbox = () => void run('sandbox', () => request(bridge.auth.startSandbox()));

  const keyEncryption = profiles.data?.keyEncryptionAvailable ?? true;
  const firstRun = profiles.data?.profiles.length === 0;

  return (
    <main className="sign-in">
      <h1>{t('app.name')}</h1>
      <p className="lead">{t('signIn.lead')}</p>

      {profiles.loading && <Loading />}
      {profiles.data && profiles.data.profiles.length > 0 && (
        <SavedProfiles
          list={profiles.data}
          disabled={busy !== null}
          onSignIn={(profileId) =>
            void run('profile', () => request(bridge.auth.signIn({ profileId })))
          }
          onRemoved={profiles.reload}
        />
      )}

      <form className="card" onSubmit={submit} aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">{t('signIn.heading')}</h2>

        <RadioGroup
          legend={t('signIn.host')}
          name="preset"
          value={preset}
          onChange={setPreset}
          options={[
            {
              value: 'wandb-cloud',
              label: (
                <>
                  {t('signIn.presetCloud')}
                  <span className="muted"> {WANDB_CLOUD_HOST}</span>
                </>
              ),
            },
            { value: 'self-managed', label: t('signIn.presetSelfManaged') },
          ]}
        >
          {preset === 'self-managed' && (
            <Field label={t('signIn.hostAddress')}>
              <input
                type="url"
                required
                placeholder="https://wandb.example.com"
                value={host}
                onChange={(event) => setHost(event.target.value)}
              />
            </Field>
          )}
        </RadioGroup>

        <Field label={t('signIn.apiKey')} hint={t('signIn.apiKeyHint')}>
          <input
            type="password"
            required
            autoComplete="off"
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
        </Field>

        <label className="choice">
          <input
            type="checkbox"
            checked={remember}
            onChange={(event) => setRemember(event.target.checked)}
          />
          {t('signIn.remember')}
        </label>
        {!keyEncryption && <p className="hint">{t('signIn.noKeyEncryption')}</p>}

        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'key' ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </form>

      <section className="card" aria-labelledby="sandbox-heading">
        <h2 id="sandbox-heading">{t('signIn.sandboxHeading')}</h2>
        <p>{t('signIn.sandboxText')}</p>
        {/* With no saved sign-in yet, the sandbox is the quickest way in, so it leads. */}
        <button
          type="button"
          className={firstRun ? 'primary' : undefined}
          onClick={startSandbox}
          disabled={busy !== null}
        >
          {busy === 'sandbox' ? t('signIn.sandboxStarting') : t('signIn.sandboxStart')}
        </button>
      </section>

      {action.error && <ErrorNotice error={action.error} />}
    </main>
  );
}
