// A transfer's files with per-file progress, its error report to copy, and the export of its
// per-file results as CSV or JSON through main's save dialog.
import { useTranslation } from 'react-i18next';

import type { TransferSummary } from '../../../../shared/ipc/index';
import { Empty, ErrorNotice, Loading, ProgressBar } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { useFormat } from '../../i18n/format';
import { explainTransferError } from '../../i18n/transfer-error';
import type { LiveInfo } from '../../hooks/transfer-queue';
import { ErrorReport, ExportButtons } from './TransferReports';
import { useTransferFiles } from './useTransferFiles';

const ROW_HEIGHT = 52;
// File states whose bytes are all in place, whether moved now, already stored or already on disk.
const COMPLETE = new Set(['done', 'deduplicated', 'skipped', 'verified', 'committed', 'completed']);

interface TransferDetailProps {
  summary: TransferSummary;
  live: LiveInfo | undefined;
}

export function TransferDetail({ summary, live }: TransferDetailProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const files = useTransferFiles(summary.id);
  const { list } = files;

  const failed = list.items
    .filter((file) => file.error !== null)
    .map((file) => ({ path: file.path, code: file.error!.code, message: file.error!.message }));

  return (
    <div className="transfer-detail">
      {(summary.error !== null || failed.length > 0) && (
        <ErrorReport summary={summary} live={live} failedFiles={failed} />
      )}
      {live && live.warnings.length > 0 && (
        <ul className="warnings small" aria-label={t('transfers.warnings')}>
          {live.warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      )}
      <ExportButtons transferId={summary.id} />

      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.loading && list.items.length === 0 && !list.error && (
        <Empty>{t('transfers.noFiles')}</Empty>
      )}
      {list.items.length > 0 && (
        <VirtualList
          label={t('transfers.filesOf', { id: summary.id })}
          role="list"
          className="file-progress-list"
          count={list.items.length}
          rowHeight={ROW_HEIGHT}
          rowKey={(index) => list.items[index]!.path}
          onEndReached={list.hasMore ? list.loadMore : undefined}
          renderRow={(index) => {
            const file = list.items[index]!;
            const fileLive = files.live.get(file.path);
            const state = fileLive?.activity ?? file.state;
            const complete = COMPLETE.has(state);
            const bytesDone = complete
              ? file.size
              : Math.max(file.bytesDone, fileLive?.bytesDone ?? 0);
            const fraction = complete
              ? 1
              : file.size === 0
                ? 0
                : Math.min(1, bytesDone / file.size);
            return (
              <div className="file-progress">
                <div className="file-progress-head">
                  <span className="mono cell-name">{file.path}</span>
                  <span className="small">{t(`fileState.${state}`)}</span>
                  <span className="small muted">
                    {t('transfers.bytesOf', {
                      done: format.bytes(bytesDone),
                      total: format.bytes(file.size),
                    })}
                  </span>
                </div>
                <ProgressBar
                  label={t('transfers.progressOf', { name: file.path })}
                  fraction={fraction}
                />
                {file.error && (
                  <span className="small transfer-error" title={file.error.message}>
                    {explainTransferError(t, file.error)}
                  </span>
                )}
              </div>
            );
          }}
        />
      )}
    </div>
  );
}
