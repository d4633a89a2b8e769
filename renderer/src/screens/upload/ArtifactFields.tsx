// The fields of the upload dialog for the chosen mode: name and type for a new artifact,
// aliases and description for any artifact version, the run for run files.
import { useTranslation } from 'react-i18next';

import { Field } from '../../components/Field';
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
      <Field label={t('upload.run')} hint={t('upload.runHint')}>
        <input required value={form.run} onChange={(event) => set('run')(event.target.value)} />
      </Field>
    );
  }

  return (
    <>
      {mode === 'artifact' && (
        <>
          <Field label={t('upload.name')}>
            <input
              required
              value={form.name}
              onChange={(event) => set('name')(event.target.value)}
            />
          </Field>
          <>
            <Field label={t('upload.type')}>
              <input
                required
                list="artifact-types"
                value={form.type}
                onChange={(event) => set('type')(event.target.value)}
              />
            </Field>
            <datalist id="artifact-types">
              <option value="dataset" />
              <option value="model" />
            </datalist>
          </>
        </>
      )}
      <Field label={t('upload.aliases')} hint={t('upload.aliasesHint')}>
        <input value={form.aliases} onChange={(event) => set('aliases')(event.target.value)} />
      </Field>
      <Field label={t('upload.description')}>
        <textarea
          rows={3}
          value={form.description}
          onChange={(event) => set('description')(event.target.value)}
        />
      </Field>
    </>
  );
}
