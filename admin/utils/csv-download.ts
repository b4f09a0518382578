import { csvDocument } from '../../src/common/spreadsheet-csv';

/**
 * Saves a table as a CSV file in the browser: the header row, then one line per row,
 * through the plugin's one CSV writer (spreadsheet-safe cells, UTF-8 BOM, CRLF).
 */
export function downloadCsv(fileName: string, header: string[], rows: string[][]): void {
  const blob = new Blob([csvDocument([header, ...rows])], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "usage-records-2026-12-02.csv": the list's name and the day it was exported. */
export function csvFileName(name: string, now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('-');
  return `${name}-${day}.csv`;
}

type Paged<T> = { data: T[]; meta: { pagination: { pageCount: number } } };

/** Every row a list's filters select, fetched a page of 100 at a time. */
export async function allPages<T>(loadPage: (page: number, pageSize: number) => Promise<Paged<T>>) {
  const rows: T[] = [];
  for (let page = 1, pageCount = 1; page <= pageCount; page++) {
    const next = await loadPage(page, 100);
    rows.push(...next.data);
    pageCount = next.meta.pagination.pageCount;
  }
  return rows;
}
