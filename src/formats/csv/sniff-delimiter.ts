/**
 * Guessing a CSV file's delimiter from its first lines. csv-parse has
 * `delimiter_auto`, but in 7.0.3 it throws on any non-ASCII byte (a BOM, "m³",
 * "Zürich"), so we look ourselves.
 *
 * A candidate wins when it appears (outside quotes) on the first line and the
 * same number of times on most of the following lines; ties go to the one that
 * appears more often on the first line, then to the usual order , ; tab |.
 * A semicolon file with decimal commas ("123;01.01.2024;12,5") therefore picks
 * ";": it is the one that is consistent across lines.
 */
export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export function sniffDelimiter(lines: string[]): CsvDelimiter | null {
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 20);
  if (sample.length === 0) return null;
  let best: { delimiter: CsvDelimiter; consistent: number; firstCount: number } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = sample.map((line) => countOutsideQuotes(line, delimiter));
    const firstCount = counts[0];
    if (firstCount === 0) continue;
    const consistent = counts.filter((count) => count === firstCount).length;
    if (
      !best ||
      consistent > best.consistent ||
      (consistent === best.consistent && firstCount > best.firstCount)
    ) {
      best = { delimiter, consistent, firstCount };
    }
  }
  return best?.delimiter ?? null;
}

/** Occurrences of a character outside double-quoted sections of one line. */
export function countOutsideQuotes(line: string, character: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === character) count++;
  }
  return count;
}

export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'comma (,)';
    case ';':
      return 'semicolon (;)';
    case '\t':
      return 'tab';
    case '|':
      return 'pipe (|)';
    default:
      return JSON.stringify(delimiter);
  }
}
