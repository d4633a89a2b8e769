// Export of a transfer's per-file results; main asks where to save and writes the file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { EXPORT_FORMATS } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

export function ExportButtons({ transferId }: { transferId: string }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [saved, setSaved] = useState<{ path: string; files: number } | null>(null);
  const { error, run } = useAction();

  const exportAs = async (format: (typeof EXPORT_FORMATS)[number]) => {
    setSaved(null);
    const result = await run(() => request(bridge.transfers.exportResults({ transferId, format })));
    if (result !== undefined && result.path !== null) {
      setSaved({ path: result.path, files: result.files });
    }
  };

  return (
    <div className="row-actions">
      {EXPORT_FORMATS.map((format) => (
        <button key={format} type="button" onClick={() => void exportAs(format)}>
          {t(`transfers.export.${format}`)}
        </button>
      ))}
      <span role="status" className="small">
        {saved && t('transfers.exported', { count: saved.files, path: saved.path })}
      </span>
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
