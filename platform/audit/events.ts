// The audit event: one JSON object per line in the audit log. Field order is fixed so the
// file reads the same whichever process (server or CLI) wrote a line.

/** What happened to the request: done, refused by a rule, or broken by an error. */
export type AuditResult = 'allowed' | 'denied' | 'failed';

export interface AuditEvent {
  /** ISO 8601 time in UTC with milliseconds. */
  time: string;
  /** Username of the caller, or null when unknown (failed login, IP rejection, CLI). */
  actor: string | null;
  /** Name of the entity (team or personal entity) the event concerns, or null. */
  team: string | null;
  /** Dotted action name, e.g. `url.upload`, `team.create`, `graphql.createTeam`. */
  action: string;
  /** Bucket object path relative to the bucket's prefix, never with a query string; or null. */
  object: string | null;
  /** The client's IP address from the TCP socket, or `cli` for commands run on the server host. */
  source: string;
  result: AuditResult;
  /** Action-specific facts; never keys, signatures or URL query strings. */
  detail: Record<string, unknown>;
}

/** An event before the recorder adds the time, the actor and the source. */
export type AuditEntry = Pick<AuditEvent, 'action' | 'result'> &
  Partial<Pick<AuditEvent, 'team' | 'object' | 'detail'>>;

/** Source recorded for changes made with the CLI on the server host. */
export const CLI_SOURCE = 'cli';

/** Longest key prefix an audit line may show, in characters. */
export const MAX_KEY_PREFIX = 4;

// A query string inside free text, such as a URL quoted in an SDK error message:
// `?` followed by at least one `name=` pair, up to the next space or quote.
const QUERY_IN_TEXT = /\?[^\s"'<>?]*=[^\s"'<>]*/g;

/** Removes URL query strings (and so any signature they carry) from free text. */
export function stripQueryStrings(text: string): string {
  return text.replace(QUERY_IN_TEXT, '');
}

/**
 * Formats an object path for the `object` field. A `?` is written as `%3F` so that no line
 * of the log can hold a query string, even for a file whose name contains one.
 */
export function objectField(path: string | null | undefined): string | null {
  return path == null ? null : path.replaceAll('?', '%3F');
}

/** At most the first 4 characters of a key or key reference, for telling keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, MAX_KEY_PREFIX);
}

/** Copies a detail object with query strings stripped from every string inside it. */
export function sanitiseDetail(value: unknown): unknown {
  if (typeof value === 'string') return stripQueryStrings(value);
  if (Array.isArray(value)) return value.map(sanitiseDetail);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, sanitiseDetail(v)]),
    );
  }
  return value;
}

/** Serialises an event as one line, with the fields in their documented order. */
export function formatAuditLine(event: AuditEvent): string {
  const ordered: AuditEvent = {
    time: event.time,
    actor: event.actor,
    team: event.team,
    action: event.action,
    object: objectField(event.object),
    source: event.source,
    result: event.result,
    detail: sanitiseDetail(event.detail) as Record<string, unknown>,
  };
  return `${JSON.stringify(ordered)}\n`;
}
