import { MAX_PAGE_SIZE } from '../../src/common/list-query';

/** A page of a list as the plugin's API answers it. */
export type ListPage<T> = {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
};

/**
 * Every row of a paged list, for a table or a choice that needs them all (a
 * building's billing points, keys and schemes; the device types; a point's rates):
 * one page of a hundred was all these loaded, and a building with a 101st billing
 * point lost it from its keys table. Pages are fetched in turn until the last, and
 * given back as one page, so a caller reads `.data` as before. `maxPages` bounds a
 * runaway list; what a page shows past it is the server-search pickers' job.
 */
export async function allPages<T>(
  fetchPage: (params: { page: number; pageSize: number }) => Promise<ListPage<T>>,
  maxPages = 100,
): Promise<ListPage<T>> {
  const first = await fetchPage({ page: 1, pageSize: MAX_PAGE_SIZE });
  const rows = [...first.data];
  const pageCount = Math.min(first.meta.pagination.pageCount, maxPages);
  for (let page = 2; page <= pageCount; page++)
    rows.push(...(await fetchPage({ page, pageSize: MAX_PAGE_SIZE })).data);
  return {
    data: rows,
    meta: {
      pagination: { page: 1, pageSize: rows.length, pageCount: 1, total: first.meta.pagination.total },
    },
  };
}
