// The upload dialog's target, modes and fields. The modes are a new artifact (name, type), a
// new version of the collection dropped on, or run files. Any artifact takes aliases and a
// description.
import { useTranslation } from 'react-i18next';

import { Field } from '../../components/ui';

export interface UploadTarget {
  entity: string;
  project: string;
  /** Set when the files were dropped on a collection: the upload can be its new version. */
  collection?: { name: string; type: string };
  /** Set when the files were dropped on a run: the upload can be its files. */
  run?: string;
}

export type UploadMode = 'artifact' | 'version' | 'run-files';

/** Returns the dialog's first choice of mode for this target. */
export function defaultMode(target: UploadTarget): UploadMode {
  if (target.collection) return 'version';
  if (target.run !== undefined) return 'run-files';
  return 'artifact';
}

/** Splits "latest, best model" into aliases, dropping blanks and repeats. */
export function parseAliases(text: string): string[] {
  const aliases = text
    .split(/[,\n]/)
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');
  return [...new Set(aliases)];
}

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
