// Plain-text tables for listings: columns padded to the widest cell, two spaces apart, so
// the output lines up on a terminal and still splits on whitespace in scripts.

/** Formats rows of cells as aligned lines, with no trailing spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Writes one line to standard output. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a table, or `empty` when there are no rows. */
export function printTable(rows: readonly (readonly string[])[], empty: string): void {
  printLine(rows.length === 0 ? empty : formatTable(rows));
}

/** Formats an ISO time as `2026-12-04 23:31`, in UTC, or `-` when missing. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
