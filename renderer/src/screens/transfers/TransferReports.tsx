// A transfer's reports: the error report to copy into a support request, and the export of
// per-file results as CSV or JSON, which main writes after its save dialog.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { EXPORT_FORMATS, type TransferSummary } from '../../../../shared/ipc/index';
import { request, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ui';
import type { LiveInfo } from '../../hooks/transfer-queue';
import { useAction } from '../../hooks/requests';
import { errorReport } from './transfer-text';

interface ErrorReportProps {
  summary: TransferSummary;
  live: LiveInfo | undefined;
  failedFiles: { path: string; code: string; message: string }[];
}

export function ErrorReport({ summary, live, failedFiles }: ErrorReportProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const report = errorReport(summary, live, failedFiles);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(report);
      setCopied('yes');
    } catch {
      // The clipboard may be unavailable; the report stays selectable below.
      setCopied('failed');
    }
  };

  return (
    <details className="error-report" open={copied === 'failed' || undefined}>
      <summary>{t('transfers.errorReport')}</summary>
      <textarea
        readOnly
        className="mono small"
        rows={8}
        value={report}
        aria-label={t('transfers.errorReport')}
      />
      <button type="button" onClick={() => void copy()}>
        {t('transfers.copyReport')}
      </button>
      <span role="status" className="small">
        {copied === 'yes' && t('transfers.copied')}
        {copied === 'failed' && t('transfers.copyFailed')}
      </span>
    </details>
  );
}

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
