// One finding of a bucket check: a stable code that clients translate, the English message
// that older clients and the CLI show, and the values the message names.

/** One value a message names, such as the bucket or the HTTP status of a failed request. */
export interface IssueParam {
  name: string;
  value: string;
}

export interface ValidationIssue {
  /** Stable upper-case code, such as BUCKET_CORS_MISSING; the desktop app's catalogues use it. */
  code: string;
  /** The full English sentence, as the `errors` and `warnings` string lists carry it. */
  message: string;
  params: IssueParam[];
}

/** Builds an issue; `params` keeps the insertion order of the record. */
export function validationIssue(
  code: string,
  message: string,
  params: Record<string, string> = {},
): ValidationIssue {
  return {
    code,
    message,
    params: Object.entries(params).map(([name, value]) => ({ name, value })),
  };
}

/** Returns the English messages of `issues`, for the string lists and the CLI. */
export function issueMessages(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => issue.message);
}
