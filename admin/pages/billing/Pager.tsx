import { Button, Flex, Typography } from '@strapi/design-system';

/** Previous / next paging for the billing lists. */
export function Pager({ page, pageCount, onPage }: { page: number; pageCount: number; onPage: (page: number) => void }) {
  if (pageCount <= 1) return null;
  return (
    <Flex gap={2} paddingTop={4} justifyContent="flex-end">
      <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>Previous</Button>
      <Typography>{`Page ${page} of ${pageCount}`}</Typography>
      <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>Next</Button>
    </Flex>
  );
}
