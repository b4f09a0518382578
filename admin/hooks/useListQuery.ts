import { useCallback, useMemo, useState } from 'react';
import { deepEncodeQueryValues, useQueryParams } from '@strapi/strapi/admin';

/** The page sizes a list offers (Strapi's own lists offer the same). */
export const PAGE_SIZES = ['10', '25', '50', '100'];
export const DEFAULT_PAGE_SIZE = 25;

type UrlQuery = {
  page?: string;
  pageSize?: string;
  sort?: string;
  filters?: Record<string, unknown>;
};

/** What a list route receives: page, size, sort ("field:ASC") and the non-empty filters. */
export type ListParams = Record<string, string | number>;

/**
 * A list's page, page size, sort and filters, kept in the URL the way Strapi's own
 * lists keep them (`?page=2&pageSize=25&sort=name:ASC&filters[status]=Failed`), so a
 * reload, the back button and a shared link show the same rows. Strapi's
 * `Pagination` and `Table.HeaderCell` write `page`, `pageSize` and `sort`; this hook
 * writes the filters (encoded, as Strapi encodes its own) and reads all of them.
 *
 * A change of filter goes back to page 1 and is a new history entry (unless replaced).
 */
export function useListQuery<K extends string>(
  filterKeys: readonly K[],
  options: { defaultSort?: string; fixed?: Partial<Record<K, string>> } = {},
) {
  const [{ query }, setQuery] = useQueryParams<UrlQuery>();
  const keys = filterKeys.join(',');

  const filters = useMemo(() => {
    const raw = query.filters ?? {};
    const read = {} as Record<K, string>;
    for (const key of keys.split(',') as K[]) {
      const value = raw[key];
      read[key] = typeof value === 'string' ? value : '';
    }
    return { ...read, ...options.fixed };
  }, [query.filters, keys, options.fixed]);

  const page = positive(query.page, 1);
  const pageSize = Math.min(positive(query.pageSize, DEFAULT_PAGE_SIZE), 100);
  const sort = typeof query.sort === 'string' && query.sort ? query.sort : options.defaultSort;

  const params = useMemo(() => {
    const out: ListParams = { page, pageSize };
    if (sort) out.sort = sort;
    for (const [key, value] of Object.entries<string>(filters)) if (value.trim()) out[key] = value.trim();
    return out;
  }, [page, pageSize, sort, filters]);

  const setFilters = useCallback(
    /** `replace` for a search typed letter by letter: the URL follows without a history entry each. */
    (patch: Partial<Record<K, string>>, how: { replace?: boolean } = {}) => {
      const next: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...(query.filters ?? {}), ...patch }))
        if (typeof value === 'string' && value !== '' && !(options.fixed && key in options.fixed))
          next[key] = value;
      setQuery({ ...query, page: '1', filters: deepEncodeQueryValues(next) }, 'push', how.replace);
    },
    [query, setQuery, options.fixed],
  );

  return { page, pageSize, sort, filters, params, setFilters };
}

function positive(text: unknown, fallback: number): number {
  const n = typeof text === 'string' ? Number(text) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/**
 * The filter fields being typed, applied with a button: starts from the URL's filters
 * and follows them when they change (back button, a link), so the form always shows
 * what the list is filtered by.
 */
export function useFilterDraft<F extends Record<string, string>>(applied: F) {
  const [draft, setDraft] = useState(applied);
  const key = JSON.stringify(applied);
  const [shownKey, setShownKey] = useState(key);
  if (key !== shownKey) {
    // Adjusting state while rendering (React's documented alternative to an effect).
    setShownKey(key);
    setDraft(applied);
  }
  return [draft, setDraft] as const;
}
