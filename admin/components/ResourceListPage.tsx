import { useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Dialog,
  Flex,
  IconButton,
  SearchForm,
  Searchbar,
  Typography,
} from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from './ConfirmDialog';
import { toApiFailure } from '../api/errors';
import { useLoader } from '../hooks/useLoader';
import { useFilterDraft, useListQuery, type ListParams } from '../hooks/useListQuery';
import { useT } from '../utils/useT';
import { DataTable, type DataColumn, type ListResult } from './DataTable';

/**
 * A column: its header and cell; `text` (the cell as text) makes it exportable and
 * `sort` names the server's sort field when the column is sortable.
 */
export type Column<T> = {
  header: string;
  cell: (item: T) => ReactNode;
  text?: (item: T) => string;
  sort?: string;
};

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

export type ListPage<T> = ListResult<T>;

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
  /** Page, page size, sort and the search text (`q`) from the URL. */
  load: (query: ListParams) => Promise<ListPage<T>>;
  search?: { label: string; placeholder: string };
  /** The CSV file's name when the list offers an export (every column then has `text`). */
  exportName?: string;
  /** Shown between the header and the table (e.g. a lookup box). */
  aboveTable?: ReactNode;
  /** Links above the title (the pages of one area). */
  navigationAction?: ReactNode;
  /** Header buttons beside Add (e.g. an import). */
  secondaryAction?: ReactNode;
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
const SEARCH = ['q'] as const;

export function ResourceListPage<T extends { documentId: string }>(props: Props<T>) {
  const { can, isLoading } = props.access;
  const { toggleNotification } = useNotification();
  const t = useT();
  const list = useListQuery(SEARCH);
  const [draft, setDraft] = useFilterDraft(list.filters);
  const { data, error, reload } = useLoader(() => props.load(list.params), [list.params], can.read);
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

  const columns: DataColumn<T>[] = props.columns.map((c) => ({
    name: c.sort ?? c.header,
    label: c.header,
    sortable: c.sort !== undefined,
    text: c.text ?? (() => ''),
    cell: c.cell,
  }));
  const actions = (item: T) =>
    (can.update || can.delete) && (
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
    );
  return (
    <Page.Main>
      <Page.Title>{props.title}</Page.Title>
      <Layouts.Header
        navigationAction={props.navigationAction}
        title={props.title}
        subtitle={props.subtitle}
        primaryAction={
          can.create || props.secondaryAction ? (
            <Flex gap={2}>
              {props.secondaryAction}
              {can.create && (
                <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
                  {props.addLabel}
                </Button>
              )}
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        {props.search && (
          <Box paddingBottom={4}>
            <SearchForm
              onSubmit={(e: React.FormEvent) => {
                e.preventDefault();
                list.setFilters({ q: draft.q });
              }}
            >
              <Searchbar
                name="q"
                value={draft.q}
                onClear={() => list.setFilters({ q: '' })}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  setDraft({ q: e.target.value });
                  list.setFilters({ q: e.target.value }, { replace: true });
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
        <DataTable
          columns={columns}
          result={data}
          emptyText={props.emptyText}
          rowKey={(item) => item.documentId}
          rowTestId={props.rowTestId}
          actions={{ label: t('list.actions', 'Actions'), cell: actions }}
          exportCsv={
            props.exportName
              ? {
                  name: props.exportName,
                  loadPage: (page, pageSize) => props.load({ ...list.params, page, pageSize }),
                }
              : undefined
          }
        />
      </Layouts.Content>
      {editing &&
        props.form({
          existing: editing === 'new' ? null : editing,
          onClose: () => setEditing(null),
          onSaved: () => {
            setEditing(null);
            void reload();
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
