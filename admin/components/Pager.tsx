import { Button, Flex, Typography } from '@strapi/design-system';
import { useT } from '../utils/useT';

/**
 * Previous / next paging for the plugin's lists. The buttons show only when there
 * is more than one page; the total shows when the caller passes it.
 */
export function Pager({
  page,
  pageCount,
  total,
  onPage,
}: {
  page: number;
  pageCount: number;
  total?: number;
  onPage: (page: number) => void;
}) {
  const t = useT();
  if (pageCount <= 1 && total === undefined) return null;
  return (
    <Flex justifyContent="space-between" paddingTop={4} gap={2}>
      {total === undefined ? (
        <span />
      ) : (
        <Typography textColor="neutral600">
          {t('pager.total', '{total, number} in total', { total })}
        </Typography>
      )}
      {pageCount > 1 && (
        <Flex gap={2}>
          <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('pager.previous', 'Previous')}
          </Button>
          <Typography>
            {t('pager.page', 'Page {page, number} of {pageCount, number}', { page, pageCount })}
          </Typography>
          <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
            {t('pager.next', 'Next')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
