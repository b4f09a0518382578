import { useRef, useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Dialog,
  Flex,
  IconButton,
  SearchForm,
  Searchbar,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../api/errors';
import { useLoader } from '../hooks/useLoader';
import { useT } from '../utils/useT';
import { Pager } from './Pager';

export type Column<T> = { header: string; cell: (item: T) => ReactNode };

/** What the signed-in user may do on the page (the server refuses regardless). */
export type ListAccess = {
  isLoading: boolean;
  can: { read: boolean; create: boolean; update: boolean; delete: boolean };
};

/** Access for an area with one write permission covering create, update and delete. */
export const readWriteAccess = ({
  isLoading,
  can,
}: {
  isLoading: boolean;
  can: { read: boolean; write: boolean };
}): ListAccess => ({
  isLoading,
  can: { read: can.read, create: can.write, update: can.write, delete: can.write },
});

export type ListPage<T> = { data: T[]; meta: { pagination: { pageCount: number } } };

export type FormProps<T> = { existing: T | null; onClose: () => void; onSaved: () => void };

type Props<T extends { documentId: string }> = {
  title: string;
  subtitle: string;
  addLabel: string;
  emptyText: string;
  access: ListAccess;
  columns: Column<T>[];
  rowTestId?: (item: T) => string;
  /** How the Edit and Delete buttons name a row: `Edit ${itemLabel(item)}`. */
  itemLabel: (item: T) => string;
  load: (query: { page: number; q: string }) => Promise<ListPage<T>>;
  search?: { label: string; placeholder: string };
  /** Shown between the header and the table (e.g. a lookup box). */
  aboveTable?: ReactNode;
  remove: (item: T) => Promise<unknown>;
  confirmRemove: (item: T) => string;
  removed: (item: T) => string;
  form: (props: FormProps<T>) => ReactNode;
};

/**
 * A register page: header with an Add action, optional search, a table with
 * Edit / Delete per row, a pager, the add/edit form in a modal and a confirm
 * dialog before deleting. A refused delete shows the server's reason.
 */
export function ResourceListPage<T extends { documentId: string }>(props: Props<T>) {
  const { can, isLoading } = props.access;
  const { toggleNotification } = useNotification();
  const t = useT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  // The latest `load` without making it a dependency: pages pass a fresh closure each render.
  const load = useRef(props.load);
  load.current = props.load;
  const { data, error, reload } = useLoader(() => load.current({ page, q }), [page, q], can.read);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function remove(item: T) {
    try {
      await props.remove(item);
      toggleNotification({ type: 'success', message: props.removed(item) });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setDeleting(null);
    }
  }

  const colCount = props.columns.length + 1;
  return (
    <Page.Main>
      <Page.Title>{props.title}</Page.Title>
      <Layouts.Header
        title={props.title}
        subtitle={props.subtitle}
        primaryAction={
          can.create ? (
            <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
              {props.addLabel}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {props.search && (
          <Box paddingBottom={4}>
            <SearchForm onSubmit={(e: React.FormEvent) => e.preventDefault()}>
              <Searchbar
                name="q"
                value={q}
                onClear={() => setQ('')}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  setQ(e.target.value);
                  setPage(1);
                }}
                clearLabel={t('list.clear-search', 'Clear')}
                placeholder={props.search.placeholder}
              >
                {props.search.label}
              </Searchbar>
            </SearchForm>
          </Box>
        )}
        {props.aboveTable}
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <>
            <Table colCount={colCount} rowCount={data.data.length + 1}>
              <Thead>
                <Tr>
                  {props.columns.map((c) => (
                    <Th key={c.header}>
                      <Typography variant="sigma">{c.header}</Typography>
                    </Th>
                  ))}
                  <Th>
                    <Typography variant="sigma">{t('list.actions', 'Actions')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.length === 0 && (
                  <Tr>
                    <Td colSpan={colCount}>
                      <Typography>{props.emptyText}</Typography>
                    </Td>
                  </Tr>
                )}
                {data.data.map((item) => (
                  <Tr key={item.documentId} data-testid={props.rowTestId?.(item)}>
                    {props.columns.map((c) => (
                      <Td key={c.header}>{c.cell(item)}</Td>
                    ))}
                    <Td>
                      {(can.update || can.delete) && (
                        <Flex gap={1}>
                          {can.update && (
                            <IconButton
                              label={t('list.edit', 'Edit {name}', { name: props.itemLabel(item) })}
                              onClick={() => setEditing(item)}
                            >
                              <Pencil />
                            </IconButton>
                          )}
                          {can.delete && (
                            <IconButton
                              label={t('list.delete', 'Delete {name}', { name: props.itemLabel(item) })}
                              onClick={() => setDeleting(item)}
                            >
                              <Trash />
                            </IconButton>
                          )}
                        </Flex>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Pager page={page} pageCount={data.meta.pagination.pageCount} onPage={setPage} />
          </>
        )}
      </Layouts.Content>
      {editing &&
        props.form({
          existing: editing === 'new' ? null : editing,
          onClose: () => setEditing(null),
          onSaved: async () => {
            setEditing(null);
            await reload();
          },
        })}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => remove(deleting)}>{props.confirmRemove(deleting)}</ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}
