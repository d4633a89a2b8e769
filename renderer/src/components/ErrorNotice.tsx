// A failure reported by main, in plain words for the user, with main's English detail and
// hint behind a disclosure for support requests.
import { useTranslation } from 'react-i18next';

import { IPC_ERROR_REASONS, IpcRequestError, type IpcErrorInfo } from '../../../shared/ipc/index';

/** The translation key that explains this failure best: its reason, else its code. */
export function errorKey(info: IpcErrorInfo): string {
  const reason = info.reason;
  if (reason !== null && (IPC_ERROR_REASONS as readonly string[]).includes(reason)) {
    return `errors.reason.${reason}`;
  }
  return `errors.code.${info.code}`;
}

interface ErrorNoticeProps {
  error: IpcRequestError | IpcErrorInfo;
  onRetry?: () => void;
}

export function ErrorNotice({ error, onRetry }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const info = error instanceof IpcRequestError ? error.info : error;

  return (
    <div className="notice notice-error" role="alert">
      <p>{t(errorKey(info))}</p>
      {info.fields.length > 0 && <p>{t('errors.fields', { fields: info.fields.join(', ') })}</p>}
      <details>
        <summary>{t('errors.details')}</summary>
        <p className="detail-text">{info.message}</p>
        {info.hint !== null && <p className="detail-text">{info.hint}</p>}
      </details>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
