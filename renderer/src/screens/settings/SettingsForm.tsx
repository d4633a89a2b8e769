// The transfer settings form. Sizes are typed in MiB and rates in MiB/s, and main stores
// bytes; an empty bandwidth limit means no limit.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import {
  MAX_CONCURRENCY,
  PROXY_MODES,
  type Settings,
  type SettingsView,
} from '../../../../shared/ipc/index';
import { MAX_PART_SIZE, MIN_PART_SIZE } from '../../../../shared/transfer/part-plan';
import { request, useBridge } from '../../bridge';
import { ErrorNotice, Field, RadioGroup } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import { fromForm, toForm, type SettingsFormValues } from './settings-form';

const MIB = 1024 * 1024;

interface SettingsFormProps {
  view: SettingsView;
  update: (changes: Partial<Settings>) => Promise<SettingsView>;
  /** Called after a save. The saved settings remount the form, so the notice lives outside. */
  onSaved: () => void;
  onEdited: () => void;
}

export function SettingsForm({ view, update, onSaved, onEdited }: SettingsFormProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [form, setForm] = useState<SettingsFormValues>(() => toForm(view.settings));
  const { busy, error, run } = useAction();
  const set = (field: keyof SettingsFormValues) => (value: string) => {
    onEdited();
    setForm({ ...form, [field]: value });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(() => update(fromForm(form)));
    if (saved !== undefined) onSaved();
  };

  const chooseFolder = async () => {
    const { path } = await request(bridge.transfers.pickFolder()).catch(() => ({ path: null }));
    if (path !== null) set('downloadFolder')(path);
  };

  return (
    <form
      className="card"
      onSubmit={(event) => void save(event)}
      aria-labelledby="transfer-settings"
    >
      <h2 id="transfer-settings">{t('settings.transfers')}</h2>
      <Field
        label={t('settings.concurrency')}
        hint={t('settings.concurrencyHint', { max: MAX_CONCURRENCY })}
      >
        <input
          type="number"
          min={1}
          max={MAX_CONCURRENCY}
          step={1}
          required
          value={form.concurrency}
          onChange={(event) => set('concurrency')(event.target.value)}
        />
      </Field>
      <Field
        label={t('settings.partSize')}
        hint={t('settings.partSizeHint', { min: MIN_PART_SIZE / MIB, max: MAX_PART_SIZE / MIB })}
      >
        <input
          type="number"
          min={MIN_PART_SIZE / MIB}
          max={MAX_PART_SIZE / MIB}
          step={1}
          required
          value={form.partSizeMiB}
          onChange={(event) => set('partSizeMiB')(event.target.value)}
        />
      </Field>
      <Field label={t('settings.bandwidth')} hint={t('settings.bandwidthHint')}>
        <input
          type="number"
          min={0.0625}
          step="any"
          value={form.bandwidthMiBps}
          onChange={(event) => set('bandwidthMiBps')(event.target.value)}
        />
      </Field>

      <RadioGroup
        legend={t('settings.proxy')}
        name="proxy-mode"
        value={form.proxyMode}
        onChange={(mode) => set('proxyMode')(mode)}
        options={PROXY_MODES.map((mode) => ({
          value: mode,
          label: t(`settings.proxyMode.${mode}`),
        }))}
      >
        {form.proxyMode === 'manual' && (
          <>
            <Field label={t('settings.proxyUrl')}>
              <input
                type="url"
                required
                placeholder="http://proxy.example.com:8080"
                value={form.proxyUrl}
                onChange={(event) => set('proxyUrl')(event.target.value)}
              />
            </Field>
            <Field label={t('settings.noProxy')} hint={t('settings.noProxyHint')}>
              <input
                value={form.noProxy}
                onChange={(event) => set('noProxy')(event.target.value)}
              />
            </Field>
          </>
        )}
      </RadioGroup>

      <div className="field">
        <span id="download-folder-label">{t('settings.downloadFolder')}</span>
        <output className="mono" aria-labelledby="download-folder-label">
          {form.downloadFolder ||
            t('settings.downloadFolderDefault', { path: view.defaultDownloadFolder })}
        </output>
        <div className="row-actions">
          <button type="button" onClick={() => void chooseFolder()}>
            {t('settings.chooseFolder')}
          </button>
          {form.downloadFolder !== '' && (
            <button type="button" onClick={() => set('downloadFolder')('')}>
              {t('settings.useDefaultFolder')}
            </button>
          )}
        </div>
      </div>

      {error && <ErrorNotice error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('common.save')}
      </button>
    </form>
  );
}
