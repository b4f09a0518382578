import type { MessageDescriptor } from 'react-intl';
import { Badge } from '@strapi/design-system';
import { exceptionText, type CodedException } from '../../api/exception-messages';
import { DataTable, type DataColumn } from '../DataTable';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { localList } from '../../utils/local-list';
import { useT } from '../../utils/useT';
import { LocalListFilters } from './LocalListFilters';

export type RunException = CodedException & { kind: string };

/**
 * A run's exceptions — what was not charged or allocated, and why — as a list to
 * work through: filter by kind or search the text, sort, page, export as CSV.
 * `kinds` names the kinds in the trade's words; an unknown kind shows as sent. The
 * text is the exception's code in the admin's language, else the server's message.
 */
export function ExceptionsList<T extends RunException>(props: {
  rows: T[];
  kinds: Record<string, MessageDescriptor>;
  emptyText: string;
  exportName: string;
  /** More columns after the kind (the billing point it concerns). */
  columns?: DataColumn<T>[];
}) {
  const t = useT();
  const list = useListQuery(['q', 'kind']);
  const [draft, setDraft] = useFilterDraft({ q: list.filters.q });
  const kindText = (e: T) => (props.kinds[e.kind] ? t(props.kinds[e.kind]) : e.kind);
  const columns: DataColumn<T & { index: number }>[] = [
    {
      name: 'kind',
      label: t('field.kind', 'Kind'),
      sortable: true,
      width: '16rem',
      text: kindText,
      cell: (e) => <Badge>{kindText(e)}</Badge>,
    },
    ...(props.columns ?? []),
    {
      name: 'message',
      label: t('charging.run.what-to-look-at', 'What to look at'),
      sortable: true,
      wrap: true,
      text: (e) => exceptionText(e, t),
    },
  ];
  const q = list.filters.q.trim().toLowerCase();
  // Two exceptions can read alike; the position in the run tells their rows apart.
  const rows = props.rows.map((e, index) => ({ ...e, index }));
  const { result, loadPage } = localList(
    rows,
    columns,
    list,
    t.locale,
    (e) =>
      (!list.filters.kind || e.kind === list.filters.kind) &&
      (!q || columns.some((c) => c.text(e).toLowerCase().includes(q))),
  );
  const present = [...new Set(props.rows.map((e) => e.kind))];
  return (
    <DataTable
      columns={columns}
      result={result}
      emptyText={props.emptyText}
      rowKey={(e) => String(e.index)}
      rowTestId={(e) => `exception-${e.kind}`}
      toolbar={
        <LocalListFilters
          search={{
            value: draft.q,
            label: t('run.exceptions.search', 'Search exceptions'),
            placeholder: t('run.exceptions.search-placeholder', 'Search the text'),
            onChange: (value) => {
              setDraft({ q: value });
              list.setFilters({ q: value }, { replace: true });
            },
          }}
          kind={{
            label: t('field.kind', 'Kind'),
            allLabel: t('run.filter.all-kinds', 'All kinds'),
            value: list.filters.kind,
            options: present.map((kind) => ({
              value: kind,
              label: props.kinds[kind] ? t(props.kinds[kind]) : kind,
            })),
            onChange: (kind) => list.setFilters({ kind }),
          }}
        />
      }
      exportCsv={{ name: props.exportName, loadPage }}
    />
  );
}
