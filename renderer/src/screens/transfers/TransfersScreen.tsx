// The transfer queue and history, newest on top, kept live by main's events, with older
// history on request. The shell owns the queue, so events that arrive while another screen
// shows are not lost.
import { useTranslation } from 'react-i18next';

import { Empty, ErrorNotice, Loading } from '../../components/ui';
import type { TransfersState } from '../../hooks/useTransfers';
import { TransferItem } from './TransferItem';

export function TransfersScreen({ transfers }: { transfers: TransfersState }) {
  const { t } = useTranslation();
  const { queue } = transfers;

  return (
    <main className="transfers" aria-labelledby="transfers-heading">
      <h1 id="transfers-heading">{t('transfers.heading')}</h1>
      {transfers.loading && <Loading />}
      {transfers.error && <ErrorNotice error={transfers.error} />}
      {!transfers.loading && queue.order.length === 0 && !transfers.error && (
        <Empty>{t('transfers.empty')}</Empty>
      )}

      <ul className="transfer-list" aria-label={t('transfers.listLabel')}>
        {queue.order.map((id) => (
          <TransferItem
            key={id}
            summary={queue.transfers[id]!}
            live={queue.live[id]}
            control={transfers.control}
          />
        ))}
      </ul>

      {transfers.hasOlder && (
        <button type="button" onClick={transfers.loadOlder}>
          {t('transfers.loadOlder')}
        </button>
      )}
    </main>
  );
}
