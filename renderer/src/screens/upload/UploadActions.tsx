// The picker buttons for people who do not drag: native dialogs for files or for folders.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcRequestError } from '../../../../shared/ipc/index';
import { asRequestError, request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';

export function UploadActions({ onPaths }: { onPaths: (paths: string[]) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [error, setError] = useState<IpcRequestError | null>(null);

  const pick = async (select: 'files' | 'folders') => {
    setError(null);
    try {
      const { paths } = await request(bridge.transfers.pickSources({ select }));
      if (paths.length > 0) onPaths(paths);
    } catch (caught) {
      setError(asRequestError(caught));
    }
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
