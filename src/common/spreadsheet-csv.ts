/**
 * CSV that opens safely in a spreadsheet program: every export of the plugin (the
 * statement of building charges, settlement statements) writes through here.
 */

/**
 * A cell a spreadsheet program will not run: text starting with = + - @ (or a
 * tab / carriage return, which some programs skip before such a character) gets
 * a leading apostrophe. Numbers we formatted ourselves are left as they are.
 */
export function spreadsheetSafe(text: string): string {
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(text: string): string {
  const safe = spreadsheetSafe(text);
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte order mark (so "m³" opens right in Excel) and CRLF line ends. */
export function csvDocument(lines: readonly (readonly string[])[]): string {
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
