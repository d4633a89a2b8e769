// The dialog after a drop or a pick: upload as a new artifact, as a new version of the
// collection dropped on, or as run files. The upload starts as soon as the user confirms,
// while main is still walking the folders.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { request, useBridge } from '../../bridge';
import { ErrorNotice, RadioGroup } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import {
  ArtifactFields,
  defaultMode,
  parseAliases,
  type ArtifactForm,
  type UploadMode,
  type UploadTarget,
} from './upload-form';

/** Paths listed by name in the dialog; the rest are counted. */
const LISTED_PATHS = 5;

interface UploadDialogProps {
  target: UploadTarget;
  paths: string[];
  onClose: () => void;
  onStarted: (transferId: string) => void;
}

export function UploadDialog({ target, paths, onClose, onStarted }: UploadDialogProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [mode, setMode] = useState<UploadMode>(defaultMode(target));
  const [form, setForm] = useState<ArtifactForm>({
    name: '',
    type: 'dataset',
    aliases: 'latest',
    description: '',
    run: target.run ?? '',
  });
  const { busy, error, run } = useAction();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, []);

  const start = () => {
    const { entity, project } = target;
    if (mode === 'run-files') {
      return request(
        bridge.transfers.uploadRunFiles({ entity, project, run: form.run.trim(), paths }),
      );
    }
    const collection = mode === 'version' && target.collection ? target.collection : null;
    const description = form.description.trim();
    return request(
      bridge.transfers.uploadArtifact({
        entity,
        project,
        name: collection?.name ?? form.name.trim(),
        type: collection?.type ?? form.type.trim(),
        aliases: parseAliases(form.aliases),
        ...(description === '' ? {} : { description }),
        paths,
      }),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const started = await run(start);
    if (started !== undefined) onStarted(started.transferId);
  };

  const modes: UploadMode[] = ['artifact'];
  if (target.collection) modes.unshift('version');
  modes.push('run-files');

  return (
    <div className="backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="upload-title"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        <h2 id="upload-title">{t('upload.title', { project: target.project })}</h2>
        <p className="muted">{t('upload.sources', { count: paths.length })}</p>
        <ul className="source-list mono small">
          {paths.slice(0, LISTED_PATHS).map((path) => (
            <li key={path}>{path}</li>
          ))}
          {paths.length > LISTED_PATHS && (
            <li>{t('upload.moreSources', { count: paths.length - LISTED_PATHS })}</li>
          )}
        </ul>

        <form onSubmit={(event) => void submit(event)}>
          <RadioGroup
            legend={t('upload.uploadAs')}
            name="upload-mode"
            value={mode}
            onChange={setMode}
            options={modes.map((name) => ({
              value: name,
              label:
                name === 'version' && target.collection
                  ? t('upload.mode.version', { collection: target.collection.name })
                  : t(`upload.mode.${name}`),
            }))}
          />

          <ArtifactFields mode={mode} form={form} onChange={setForm} />

          {error && <ErrorNotice error={error} />}
          <div className="dialog-actions">
            <button type="button" onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('upload.starting') : t('upload.start')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
