import { type CsvColumn, toCsv } from './csv';

/**
 * The same table as a real Excel workbook: one sheet, a bold heading row frozen at the top, column
 * widths fitted to Chinese text. Text stays text (a resident's "=…" is never a formula).
 */
export async function toXlsx<T>(
  sheetName: string,
  rows: readonly T[],
  columns: readonly CsvColumn<T>[],
): Promise<Buffer> {
  // Loaded on the first export, not at start: the library is about 30 MB of the server's memory.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '创城信箱';
  // Excel allows 31 characters and no []:*?/\\ in a sheet name.
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow(columns.map((c) => c.heading)).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? null));
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(
      ...[columns[index]!.heading, ...rows.slice(0, 500).map((r) => String(columns[index]!.value(r) ?? ''))].map(
        // A Chinese character is about two Latin ones wide.
        (text) => [...text].reduce((width, char) => width + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0),
      ),
    );
    column.width = Math.min(Math.max(widest + 2, 8), 60);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A table that can be written as CSV or as XLSX. */
export interface Exportable {
  csv(): string;
  xlsx(sheetName: string): Promise<Buffer>;
}

export function exportable<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): Exportable {
  return {
    csv: () => toCsv(rows, columns),
    xlsx: (sheetName) => toXlsx(sheetName, rows, columns),
  };
}
