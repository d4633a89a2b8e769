// The two ways to choose what to upload: a region that takes dropped files and folders, and
// picker buttons that open native dialogs. The preload turns each dropped File into its local
// path, and main walks folders itself, so both hand over only top-level paths.
import { type DragEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ui';
import { useAction } from '../../hooks/requests';

interface DropZoneProps {
  /** Names the drop target for screen readers, such as the project's name. */
  label: string;
  onPaths: (paths: string[]) => void;
  /** Called when the window cannot turn dropped files into paths. */
  onUnavailable: () => void;
  children: ReactNode;
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function DropZone({ label, onPaths, onUnavailable, children }: DropZoneProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [over, setOver] = useState(false);

  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };

  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setOver(false);

    const pathForFile = bridge.files?.pathForFile;
    if (pathForFile === undefined) {
      onUnavailable();
      return;
    }
    // Files that did not come from disk (dragged out of another app's memory) have no path.
    const paths = Array.from(event.dataTransfer.files)
      .map((file) => pathForFile(file))
      .filter((path) => path !== '');
    if (paths.length > 0) onPaths(paths);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}`}
      aria-label={t('upload.dropLabel', { target: label })}
      role="region"
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          {t('upload.dropHere', { target: label })}
        </div>
      )}
    </div>
  );
}

export function UploadActions({ onPaths }: { onPaths: (paths: string[]) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { error, run } = useAction();

  const pick = async (select: 'files' | 'folders') => {
    const picked = await run(() => request(bridge.transfers.pickSources({ select })));
    if (picked !== undefined && picked.paths.length > 0) onPaths(picked.paths);
  };

  return (
    <>
      <button type="button" onClick={() => void pick('files')}>
        {t('upload.pickFiles')}
      </button>
      <button type="button" onClick={() => void pick('folders')}>
        {t('upload.pickFolders')}
      </button>
      {error && <ErrorNotice error={error} />}
    </>
  );
}
