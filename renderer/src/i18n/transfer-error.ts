// Explains a transfer failure in the UI's language. The engine's message is English and
// names the exact value and limit, so screens show it as the detail under this explanation.
import type { TFunction } from 'i18next';

/** Returns the explanation of `error.code`, or the engine's own message for an unknown code. */
export function explainTransferError(
  t: TFunction,
  error: { code: string; message: string },
): string {
  return t(`transferError.${error.code}`, { defaultValue: error.message });
}
