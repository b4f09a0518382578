/**
 * Which number formats make a number cell a date. A cell's style (`s`) indexes the
 * workbook's `cellXfs`; each names a number format by id — a custom one declared in
 * `<numFmts>`, or one of Excel's built-ins, which are not written in the file.
 */

/**
 * Built-in formats that show dates or times: 14–22 (m/d/yyyy, d-mmm-yy, h:mm …),
 * 45–47 (mm:ss, [h]:mm:ss, mm:ss.0), and the East Asian date formats 27–36 and 50–58.
 */
export function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * Whether an Excel number format shows a date or time: after removing quoted
 * literals and [bracketed] colours/locales/conditions, it contains y, m, d, h or s.
 * "General", "0.00" and "@" don't; "dd-mmm-yyyy hh:mm" and "[$-409]h:mm AM/PM" do.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[ymdhs]/i.test(bare);
}
