import { Button, Flex, Typography } from '@strapi/design-system';

/** Previous / next paging for the plugin's lists, with the total shown. */
export function Pager({ page, pageCount, total, onPage }: { page: number; pageCount: number; total: number; onPage: (page: number) => void }) {
  return (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography textColor="neutral600">{`${total} in total`}</Typography>
      <Flex gap={2}>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Typography>{`Page ${page} of ${Math.max(pageCount, 1)}`}</Typography>
        <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </Flex>
    </Flex>
  );
}
