// A transfer's failure with a report the user can copy into a support request.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { TransferSummary } from '../../../../shared/ipc/index';
import type { LiveInfo } from '../../hooks/transfer-queue';
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
