// Explains a finding of the platform's bucket checks, or a value it rejected before them, in
// the UI's language. The platform's message is English and names every value, so the Admin
// screen shows it as the detail.
import type { TFunction } from 'i18next';

import type { ValidationIssue } from '../../../shared/ipc/index';

/**
 * Returns the catalogue text of `issue.code` with its params filled in, or the platform's
 * own message for a code this app version does not know.
 */
export function explainValidationIssue(t: TFunction, issue: ValidationIssue): string {
  // Params go through `replace`, so a param named like an i18next option (count, context)
  // cannot change how the key is looked up.
  return t(`validation.${issue.code}`, { defaultValue: issue.message, replace: issue.params });
}
