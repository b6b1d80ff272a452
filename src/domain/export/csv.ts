/** A column of an export: its Chinese heading and how to read it from a row. */
export interface CsvColumn<T> {
  readonly heading: string;
  readonly value: (row: T) => string | number | boolean | null | undefined;
}

const BOM = '\uFEFF';

/**
 * A field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. A field a
 * spreadsheet would take for a formula (=, +, -, @ first, as a resident could write) is led by
 * an apostrophe, so opening the file never runs anything.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to show Chinese correctly. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [
    columns.map((c) => csvField(c.heading)).join(','),
    ...rows.map((row) => columns.map((c) => csvField(c.value(row))).join(',')),
  ];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
