// The fields of the upload dialog for the chosen mode: name and type for a new artifact,
// aliases and description for any artifact version, the run for run files.
import { useTranslation } from 'react-i18next';

import type { UploadMode } from './upload-target';

export interface ArtifactForm {
  name: string;
  type: string;
  /** Comma-separated, as typed. */
  aliases: string;
  description: string;
  run: string;
}

interface ArtifactFieldsProps {
  mode: UploadMode;
  form: ArtifactForm;
  onChange: (form: ArtifactForm) => void;
}

export function ArtifactFields({ mode, form, onChange }: ArtifactFieldsProps) {
  const { t } = useTranslation();
  const set = (field: keyof ArtifactForm) => (value: string) =>
    onChange({ ...form, [field]: value });

  if (mode === 'run-files') {
    return (
      <label className="field">
        {t('upload.run')}
        <input required value={form.run} onChange={(event) => set('run')(event.target.value)} />
        <span className="hint">{t('upload.runHint')}</span>
      </label>
    );
  }

  return (
    <>
      {mode === 'artifact' && (
        <>
          <label className="field">
            {t('upload.name')}
            <input
              required
              value={form.name}
              onChange={(event) => set('name')(event.target.value)}
            />
          </label>
          <label className="field">
            {t('upload.type')}
            <input
              required
              list="artifact-types"
              value={form.type}
              onChange={(event) => set('type')(event.target.value)}
            />
            <datalist id="artifact-types">
              <option value="dataset" />
              <option value="model" />
            </datalist>
          </label>
        </>
      )}
      <label className="field">
        {t('upload.aliases')}
        <input value={form.aliases} onChange={(event) => set('aliases')(event.target.value)} />
        <span className="hint">{t('upload.aliasesHint')}</span>
      </label>
      <label className="field">
        {t('upload.description')}
        <textarea
          rows={3}
          value={form.description}
          onChange={(event) => set('description')(event.target.value)}
        />
      </label>
    </>
  );
}
