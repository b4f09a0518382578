import { z } from 'zod';
import { parseInput } from './validate';

export const MAX_PAGE_SIZE = 100;

export type SortOrder = { field: string; direction: 'asc' | 'desc' };
export type ListQuery = { page: number; pageSize: number; sort: SortOrder[] };

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(max, { error: `must be at most ${max}` });

/**
 * `page`, `pageSize` and `sort` ("name:asc,code:desc") shared by every list route.
 * Sort fields are checked against an allow-list so a query can't order by an
 * arbitrary (or sensitive) column.
 */
export const listQuerySchema = z.object({
  page: positiveInt(1_000_000).default(1),
  pageSize: positiveInt(MAX_PAGE_SIZE).default(25),
  sort: z.string().max(200).optional(),
});

export function parseListQuery(
  query: Record<string, unknown>,
  options: { sortable: readonly string[]; defaultSort: SortOrder[] },
): ListQuery {
  const parsed = parseInput(listQuerySchema, {
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort,
  });
  return { page: parsed.page, pageSize: parsed.pageSize, sort: parseSort(parsed.sort, options) };
}

function parseSort(
  raw: string | undefined,
  options: { sortable: readonly string[]; defaultSort: SortOrder[] },
) {
  if (!raw) return options.defaultSort;
  return raw.split(',').map((part) => {
    const [field, direction = 'asc'] = part.trim().split(':');
    const order = { field, direction: direction.toLowerCase() };
    parseInput(
      z.object({
        field: z.enum(options.sortable as [string, ...string[]], {
          error: `sort: "${field}" is not sortable; use one of ${options.sortable.join(', ')}`,
        }),
        direction: z.enum(['asc', 'desc'], { error: 'sort: direction must be asc or desc' }),
      }),
      order,
    );
    return order as SortOrder;
  });
}

export function paginationMeta(query: ListQuery, total: number) {
  return {
    pagination: {
      page: query.page,
      pageSize: query.pageSize,
      pageCount: Math.ceil(total / query.pageSize),
      total,
    },
  };
}

/** `?active=true|false` → boolean; anything else is a 400, not silently ignored. */
export function parseBooleanFilter(name: string, value: unknown): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return parseInput(
    z.enum(['true', 'false'], { error: `${name} must be true or false` }).transform((v) => v === 'true'),
    value,
  );
}
