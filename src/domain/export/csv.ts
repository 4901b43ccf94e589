// CSV for the spreadsheets staff open in Excel: UTF-8 with a BOM (else Excel reads Japanese as
// mojibake), CRLF line ends, every cell quoted, and a cell a spreadsheet would run as a formula
// (starting with = + - @, a tab or a carriage return) prefixed with ' so it stays text. Cells hold
// residents' words: every cell goes through csvCell, whoever wrote it. Exports that stream write
// CSV_BOM then one csvLine at a time; a small export builds the whole file with toCsv.
export const CSV_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

export type TCsvCell = string | number | boolean | null | undefined;

export function csvCell(value: TCsvCell): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  // Most cells hold no quote: no replace for them (an export calls this for every cell of 100,000 rows).
  return `"${safe.includes('"') ? safe.replace(/"/g, '""') : safe}"`;
}

export function csvLine(cells: TCsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A whole file: BOM, the header line, then a line a row. */
export function toCsv(headers: string[], rows: TCsvCell[][]): string {
  return CSV_BOM + [headers, ...rows].map(csvLine).join("");
}
