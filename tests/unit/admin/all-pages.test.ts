import { allPages, type ListPage } from '../../../admin/api/all-pages';

/**
 * allPages walks a paged list as the plugin's API serves it: 100 a page, until
 * the last page the first answer names, or `maxPages`.
 */
function pagedList(total: number) {
  const asked: { page: number; pageSize: number }[] = [];
  const fetchPage = async (params: { page: number; pageSize: number }): Promise<ListPage<number>> => {
    asked.push(params);
    const start = (params.page - 1) * params.pageSize;
    return {
      data: Array.from(
        { length: Math.max(0, Math.min(params.pageSize, total - start)) },
        (_, i) => start + i,
      ),
      meta: {
        pagination: {
          page: params.page,
          pageSize: params.pageSize,
          pageCount: Math.ceil(total / params.pageSize),
          total,
        },
      },
    };
  };
  return { asked, fetchPage };
}

test('250 rows: three pages of 100, given back as one page holding every row in order', async () => {
  const list = pagedList(250);
  const all = await allPages(list.fetchPage);
  expect(list.asked).toEqual([1, 2, 3].map((page) => ({ page, pageSize: 100 })));
  expect(all.data).toEqual(Array.from({ length: 250 }, (_, i) => i));
  expect(all.meta.pagination).toEqual({ page: 1, pageSize: 250, pageCount: 1, total: 250 });
});

test('an empty list is one request', async () => {
  const list = pagedList(0);
  expect((await allPages(list.fetchPage)).data).toEqual([]);
  expect(list.asked).toHaveLength(1);
});

test('maxPages bounds a runaway list; the total still says how many there are', async () => {
  const list = pagedList(1_000);
  const some = await allPages(list.fetchPage, 2);
  expect(some.data).toHaveLength(200);
  expect(some.meta.pagination.total).toBe(1_000);
});
