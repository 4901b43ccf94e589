// CSV for spreadsheets staff open in Excel: UTF-8 with a BOM (else Excel reads Japanese as
// mojibake), CRLF line ends, every cell quoted, and cells a spreadsheet would run as a formula
// (starting with = + - @, a tab or a carriage return) prefixed with ' so they stay text.
const FORMULA_START = /^[=+\-@\t\r]/;

export type TCsvCell = string | number | boolean | null | undefined;

function cell(value: TCsvCell): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function signupsCsv(headers: string[], rows: TCsvCell[][]): string {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
