import { useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Flex,
  Table as DsTable,
  Tbody,
  Td,
  Thead,
  Tooltip,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { styled } from 'styled-components';
import { Pagination, Table, useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../api/errors';
import { allPages, csvFileName, downloadCsv } from '../utils/csv-download';
import { useT } from '../utils/useT';
import { PAGE_SIZES } from '../hooks/useListQuery';

export type DataColumn<T> = {
  /** The server's sort field when `sortable`; otherwise any key unique in the table. */
  name: string;
  label: string;
  sortable?: boolean;
  /** The cell as text: shown cut to the column with the whole text in a tooltip, and exported. */
  text: (row: T) => string;
  /** A richer cell (a badge, a link); the export still writes `text`. */
  cell?: (row: T) => ReactNode;
  /** Long prose (errors, reasons): wraps instead of being cut. */
  wrap?: boolean;
  /** A fixed width for a short column (a code, a badge); the others share the rest. */
  width?: string;
  /** What a list sorted in the browser (`useLocalList`) orders by, when not `text` (amounts). */
  sortValue?: (row: T) => string | number;
};

export type ListResult<T> = {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
};

type Props<T> = {
  columns: DataColumn<T>[];
  result: ListResult<T> | null;
  emptyText: string;
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  onRowClick?: (row: T) => void;
  /** A last column of buttons (edit, delete); not exported. */
  actions?: { label: string; cell: (row: T) => ReactNode };
  /** CSV export of every row the list's filters and sort select, fetched page by page. */
  exportCsv?: { name: string; loadPage: (page: number, pageSize: number) => Promise<ListResult<T>> };
  /** Filters or other controls on the toolbar's left, beside the export. */
  toolbar?: ReactNode;
};

/**
 * The table takes the page's width and no more (fixed layout): columns share it, and
 * a cell's text that doesn't fit is cut, so at 1024 px no column is pushed off screen.
 */
export const FitTable = styled(Box)`
  table {
    table-layout: fixed;
    width: 100%;
  }
  td {
    overflow: hidden;
  }
`;

/** A cell's text on one line, cut with "…" when too long; the tooltip shows all of it. */
export function CellText({ text, bold, muted }: { text: string; bold?: boolean; muted?: boolean }) {
  const shown = (
    <Typography
      ellipsis
      fontWeight={bold ? 'bold' : undefined}
      textColor={muted ? 'neutral600' : undefined}
      style={{ display: 'block' }}
    >
      {text}
    </Typography>
  );
  return <Tooltip label={text}>{shown}</Tooltip>;
}

/**
 * A list as Strapi's own lists are: sortable column headers, page numbers and a page
 * size (all in the URL, see `useListQuery`), cells that cut long text with a tooltip
 * instead of pushing columns off screen, and a CSV export of the filtered list.
 */
export function DataTable<T>(props: Props<T>) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [exporting, setExporting] = useState(false);
  const { result, columns } = props;
  const colCount = columns.length + (props.actions ? 1 : 0);

  async function exportAll(spec: NonNullable<Props<T>['exportCsv']>) {
    setExporting(true);
    try {
      const rows = await allPages(spec.loadPage);
      downloadCsv(
        csvFileName(spec.name),
        columns.map((c) => c.label),
        rows.map((row) => columns.map((c) => c.text(row))),
      );
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setExporting(false);
    }
  }

  const exportSpec = props.exportCsv;
  return (
    <Box>
      {(props.toolbar || exportSpec) && (
        <Flex justifyContent="space-between" alignItems="flex-end" gap={2} paddingBottom={4} wrap="wrap">
          <Box>{props.toolbar}</Box>
          {exportSpec && (
            <Button
              variant="secondary"
              startIcon={<Download />}
              loading={exporting}
              disabled={!result || result.meta.pagination.total === 0}
              onClick={() => void exportAll(exportSpec)}
            >
              {t('list.export-csv', 'Export CSV')}
            </Button>
          )}
        </Flex>
      )}
      {result && (
        <>
          <FitTable>
            <DsTable colCount={colCount} rowCount={result.data.length + 1}>
              <colgroup>
                {columns.map((c) => (
                  <col key={c.name} style={c.width ? { width: c.width } : undefined} />
                ))}
                {props.actions && <col style={{ width: '7rem' }} />}
              </colgroup>
              <Thead>
                <Tr>
                  {columns.map((c) => (
                    <Table.HeaderCell key={c.name} name={c.name} label={c.label} sortable={c.sortable} />
                  ))}
                  {props.actions && (
                    <Table.HeaderCell name="__actions" label={props.actions.label} sortable={false} />
                  )}
                </Tr>
              </Thead>
              <Tbody>
                {result.data.length === 0 && (
                  <Tr>
                    <Td colSpan={colCount}>
                      <Typography>{props.emptyText}</Typography>
                    </Td>
                  </Tr>
                )}
                {result.data.map((row) => (
                  <Tr
                    key={props.rowKey(row)}
                    data-testid={props.rowTestId?.(row)}
                    onClick={props.onRowClick ? () => props.onRowClick?.(row) : undefined}
                    style={props.onRowClick ? { cursor: 'pointer' } : undefined}
                  >
                    {columns.map((c) => (
                      <Td key={c.name} style={c.wrap ? { whiteSpace: 'normal' } : undefined}>
                        {c.cell ? (
                          c.cell(row)
                        ) : c.wrap ? (
                          <Typography>{c.text(row)}</Typography>
                        ) : (
                          <CellText text={c.text(row)} />
                        )}
                      </Td>
                    ))}
                    {props.actions && (
                      <Td onClick={(e: React.MouseEvent) => e.stopPropagation()}>
                        {props.actions.cell(row)}
                      </Td>
                    )}
                  </Tr>
                ))}
              </Tbody>
            </DsTable>
          </FitTable>
          <Pagination.Root
            pageCount={result.meta.pagination.pageCount}
            total={result.meta.pagination.total}
            defaultPageSize={result.meta.pagination.pageSize}
          >
            <Flex gap={4}>
              <Pagination.PageSize options={PAGE_SIZES} />
              <Typography textColor="neutral600">
                {t('pager.total', '{total, number} in total', { total: result.meta.pagination.total })}
              </Typography>
            </Flex>
            <Pagination.Links />
          </Pagination.Root>
        </>
      )}
    </Box>
  );
}
