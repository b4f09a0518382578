import { z } from 'zod';
import { invalid } from './errors';
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
  options: {
    sortable: readonly string[];
    defaultSort: SortOrder[];
    /**
     * The route's filter parameters (required, so no list route forgets them): any other
     * parameter (`deviceId=` where the filter is `device`, `filters[…]`, `populate`, an
     * unsupported `q`) is a 400 naming it — a filter silently ignored shows a list that
     * looks filtered and is not.
     */
    filters: readonly string[];
  },
): ListQuery {
  refuseUnknownQuery(query, ['page', 'pageSize', 'sort', ...options.filters]);
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

/** 400 naming the first query parameter not in `accepted` (also for routes that are not paged). */
export function refuseUnknownQuery(query: Record<string, unknown>, accepted: readonly string[]): void {
  const unknown = Object.keys(query).filter((key) => !accepted.includes(key));
  if (!unknown.length) return;
  const list = accepted.length ? `this list accepts ${accepted.join(', ')}` : 'this list accepts none';
  throw invalid(
    `Unknown query parameter "${unknown[0]}"; ${list}`,
    unknown.map((key) => ({
      path: [key],
      message: `Unknown query parameter "${key}"`,
      code: 'unrecognized_keys',
    })),
    'unknown-query-parameter',
    { name: unknown[0], accepted: accepted.join(', ') },
  );
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

/**
 * An ISO 8601 instant whose UTC offset no place uses (+25:00, -13:75): offsets run
 * from -12:00 to +14:00. Luxon reads such offsets without complaint.
 */
export function hasImpossibleOffset(text: string): boolean {
  const match = /T.*([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!match) return false;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  return minutes > 59 || hours > (match[1] === '+' ? 14 : 12);
}
