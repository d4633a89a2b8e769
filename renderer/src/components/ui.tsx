// Small pieces every screen uses: status lines, notices, progress bars, labelled fields and
// the plain-words view of a failure that main reported.
import { cloneElement, type ReactElement, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

import { IPC_ERROR_REASONS, IpcRequestError, type IpcErrorInfo } from '../../../shared/ipc/index';
import { useFormat } from '../i18n/format';

/** Shows a loading line that screen readers announce. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Shows a polite announcement, such as "Upload started", with an optional action. */
export function Notice({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="notice notice-info" role="status">
      <span>{children}</span>
      {action}
    </div>
  );
}

/** A progress bar with an accessible name; a null fraction shows an indeterminate bar. */
interface ProgressBarProps {
  label: string;
  /** 0 to 1, or null when unknown. */
  fraction: number | null;
}

export function ProgressBar({ label, fraction }: ProgressBarProps) {
  const format = useFormat();

  if (fraction === null) return <progress className="progress" aria-label={label} />;
  return (
    <progress
      className="progress"
      aria-label={label}
      aria-valuetext={format.percent(fraction)}
      max={1000}
      value={Math.round(fraction * 1000)}
    />
  );
}

/**
 * A labelled form control with an optional hint. The hint is the control's description, not
 * part of its name, so screen readers and tests find the control by its label alone.
 */
interface FieldProps {
  label: string;
  hint?: string;
  /** One input, select or textarea; it receives the id and the description. */
  children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
}

export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': hint ? hintId : undefined })}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Returns the translation key that explains this failure best: its reason, else its code. */
export function errorKey(info: IpcErrorInfo): string {
  const reason = info.reason;
  if (reason !== null && (IPC_ERROR_REASONS as readonly string[]).includes(reason)) {
    return `errors.reason.${reason}`;
  }
  return `errors.code.${info.code}`;
}

/** A failure in plain words, with main's English detail and hint behind a disclosure. */
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

interface RadioGroupProps<T extends string> {
  legend: string;
  /** Name shared by the radio inputs, unique on the page. */
  name: string;
  options: readonly { value: T; label: ReactNode }[];
  value: T;
  onChange: (value: T) => void;
  /** Fields shown below the choices, such as the address of the chosen host. */
  children?: ReactNode;
}

/** Renders a fieldset of radio buttons, one per option. */
export function RadioGroup<T extends string>(props: RadioGroupProps<T>) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} className="choice">
          <input
            type="radio"
            name={props.name}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}

/** Announces that a transfer started, with a button that opens the Transfers screen. */
export function StartedNotice({
  children,
  onShowTransfers,
}: {
  children: ReactNode;
  onShowTransfers: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Notice
      action={
        <button type="button" onClick={onShowTransfers}>
          {t('nav.transfers')}
        </button>
      }
    >
      {children}
    </Notice>
  );
}
