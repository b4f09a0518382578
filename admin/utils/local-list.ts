import type { DataColumn, ListResult } from '../components/DataTable';

/** Rows in the order of `sort` ("column:ASC" / "column:DESC"), compared as the locale orders words and numbers. */
export function sortRows<T>(
  rows: T[],
  columns: DataColumn<T>[],
  sort: string | undefined,
  locale: string,
): T[] {
  const [name, direction] = (sort ?? '').split(':');
  const column = columns.find((c) => c.name === name && c.sortable);
  if (!column) return rows;
  const key = column.sortValue ?? column.text;
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = direction?.toUpperCase() === 'DESC' ? -1 : 1;
  // Array.prototype.sort is stable: rows that compare equal keep the server's order.
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return sign * order;
  });
}

/** One page of rows as a list route answers it, so `DataTable` shows it like a server's page. */
export function pageOf<T>(rows: T[], page: number, pageSize: number): ListResult<T> {
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const shown = Math.min(page, pageCount);
  return {
    data: rows.slice((shown - 1) * pageSize, shown * pageSize),
    meta: { pagination: { page: shown, pageSize, pageCount, total: rows.length } },
  };
}

/**
 * A list the page already holds in full (a run's invoices and exceptions come with
 * the run) shown as the server's lists are: the rows `keep` selects, sorted by the
 * URL's column and cut into the URL's page; `loadPage` gives the export every row.
 * Sorting a run's few thousand rows on each render costs less than a millisecond.
 */
export function localList<T>(
  rows: T[] | null,
  columns: DataColumn<T>[],
  query: { page: number; pageSize: number; sort?: string },
  locale: string,
  keep: (row: T) => boolean = () => true,
) {
  const selected = rows ? sortRows(rows.filter(keep), columns, query.sort, locale) : null;
  return {
    result: selected ? pageOf(selected, query.page, query.pageSize) : null,
    loadPage: (page: number, pageSize: number) => Promise.resolve(pageOf(selected ?? [], page, pageSize)),
  };
}
