/** Current time as the ISO 8601 string the database stores. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
