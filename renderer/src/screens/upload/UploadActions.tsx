// The picker buttons for people who do not drag: native dialogs for files or for folders.
import { useTranslation } from 'react-i18next';

import { request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

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
