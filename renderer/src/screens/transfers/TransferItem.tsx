// One transfer in the queue: what and where, its state in words, progress with rate and time
// left, the controls its state allows, and its files and error details on request.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { TransferSummary } from '../../../../shared/ipc/index';
import { ErrorNotice, ProgressBar } from '../../components/ui';
import { useFormat } from '../../i18n/format';
import { explainTransferError } from '../../i18n/transfer-error';
import { doneFraction, type LiveInfo } from '../../hooks/transfer-queue';
import { useAction } from '../../hooks/requests';
import type { TransferAction } from '../../hooks/useTransfers';
import { canCancel, canPause, stateKey, targetName } from './transfer-text';
import { TransferDetail } from './TransferDetail';

interface TransferItemProps {
  summary: TransferSummary;
  live: LiveInfo | undefined;
  control: (action: TransferAction, transferId: string) => Promise<unknown>;
}

export function TransferItem({ summary, live, control }: TransferItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction();

  const name = targetName(summary);
  const fraction = doneFraction(summary, live);
  const progress = live?.progress ?? null;
  const running = summary.state === 'running';

  const act = (action: TransferAction) => run(() => control(action, summary.id));

  const actions: TransferAction[] = [];
  if (canPause(summary)) actions.push('pause');
  if (summary.state === 'paused') actions.push('resume');
  if (summary.state === 'failed') actions.push('retry');
  if (canCancel(summary)) actions.push('cancel');

  return (
    <li
      className={`transfer transfer-${summary.state}`}
      aria-label={t('transfers.itemLabel', { name })}
    >
      <div className="transfer-head">
        <span className="badge">{t(`transferKind.${summary.kind}`)}</span>
        <span className="transfer-name mono">{name}</span>
        <span className="transfer-state">{t(stateKey(summary, live))}</span>
      </div>

      {(fraction !== null || running || summary.state === 'queued') && (
        <ProgressBar label={t('transfers.progressOf', { name })} fraction={fraction} />
      )}

      <div className="transfer-meta small muted">
        <span>
          {progress
            ? t('transfers.bytesOf', {
                done: format.bytes(progress.bytesDone),
                total: format.bytes(progress.bytesTotal),
              })
            : format.bytes(summary.totalBytes)}
        </span>
        <span>
          {t('transfers.fileCount', {
            count: summary.totalFiles,
            files: format.count(summary.totalFiles),
          })}
          {!summary.listingComplete && ` ${t('transfers.stillListing')}`}
        </span>
        {running && progress && progress.rateBytesPerSecond > 0 && (
          <span>{format.rate(progress.rateBytesPerSecond)}</span>
        )}
        {running && progress && progress.etaSeconds !== null && (
          <span>{t('transfers.timeLeft', { time: format.duration(progress.etaSeconds) })}</span>
        )}
        {live && live.retries > 0 && <span>{t('transfers.retries', { count: live.retries })}</span>}
        {live?.listing && live.listing.skipped > 0 && (
          <span title={t('transfers.skippedHint')}>
            {t('transfers.skipped', { count: live.listing.skipped })}
          </span>
        )}
        <span>{format.dateTime(summary.createdAt)}</span>
      </div>

      {summary.error && summary.state === 'failed' && (
        <div className="transfer-error" role="alert">
          <p>{t('transfers.failedBecause', { message: explainTransferError(t, summary.error) })}</p>
          <details>
            <summary>{t('errors.details')}</summary>
            <code>{summary.error.message}</code>
          </details>
        </div>
      )}

      <div className="row-actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            disabled={busy}
            onClick={() => void act(action)}
            aria-label={t(`transfers.actionLabel.${action}`, { name })}
          >
            {t(`transfers.action.${action}`)}
          </button>
        ))}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('transfers.hideDetails') : t('transfers.showDetails')}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {open && <TransferDetail summary={summary} live={live} />}
    </li>
  );
}
