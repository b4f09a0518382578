import { useState, type ReactNode } from 'react';
import {
  Button,
  Field,
  Link as DSLink,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable, type DataColumn, type ListResult } from '../DataTable';
import { useListQuery, type ListParams } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import type { Formatter } from '../../utils/format';
import { useT, type Translate } from '../../utils/useT';
import { RUN_STATUS_LABEL, RunStatusBadge, type RunStatus } from './RunStatusBadge';

const STATUSES: RunStatus[] = ['draft', 'finalized', 'void'];
/** A charge run's states: also running (in the background) and failed. */
export const CHARGE_RUN_STATUSES: RunStatus[] = ['running', 'draft', 'finalized', 'void', 'failed'];

type RunRow = { documentId: string; periodStart: string; periodEnd: string; status: RunStatus };

/** The columns every list of runs starts with: the period (a link to the run) and the status. */
export function runColumns<T extends RunRow>(
  t: Translate,
  fmt: Formatter,
  path: (run: T) => string,
): DataColumn<T>[] {
  return [
    {
      name: 'periodStart',
      label: t('billing.coverage.period', 'Period'),
      sortable: true,
      text: (run) => fmt.dateRange(run.periodStart, run.periodEnd),
      cell: (run) => (
        <DSLink tag={Link} to={path(run)}>
          {fmt.dateRange(run.periodStart, run.periodEnd)}
        </DSLink>
      ),
    },
    {
      name: 'status',
      label: t('channels.col.status', 'Status'),
      sortable: true,
      width: '9rem',
      text: (run) => t(RUN_STATUS_LABEL[run.status]),
      cell: (run) => <RunStatusBadge status={run.status} />,
    },
  ];
}

/**
 * The list of a kind of run (charge runs, settlements of charges) as Strapi lists
 * are: sortable columns, page and filters in the URL, CSV export; a row opens the
 * run; "New" opens the form `newRun` draws, and a run it created opens.
 */
export function RunsListPage<T extends { documentId: string }>(props: {
  menuTitle: string;
  title: string;
  subtitle: string;
  navigationAction?: ReactNode;
  newLabel: string;
  canRun: boolean;
  emptyText: string;
  exportName: string;
  columns: DataColumn<T>[];
  /** The list route; `byStatus` when it filters by status. */
  load: (params: ListParams) => Promise<ListResult<T>>;
  byStatus?: boolean;
  /** The states offered by the status filter (default: draft, finalized, void). */
  statuses?: RunStatus[];
  detailPath: (run: { documentId: string }) => string;
  newRun: (props: { onClose: () => void; onCreated: (run: { documentId: string }) => void }) => ReactNode;
}) {
  const t = useT();
  const navigate = useNavigate();
  const list = useListQuery(['status'], { defaultSort: 'createdAt:DESC' });
  const { data, error } = useLoader(() => props.load(list.params), [list.params]);
  const [creating, setCreating] = useState(false);

  const statusFilter = props.byStatus && (
    <Field.Root name="status">
      <Field.Label>{t('channels.col.status', 'Status')}</Field.Label>
      <SingleSelect
        value={list.filters.status || 'all'}
        onChange={(v: string | number) => list.setFilters({ status: v === 'all' ? '' : String(v) })}
      >
        <SingleSelectOption value="all">{t('run.filter.all-statuses', 'All statuses')}</SingleSelectOption>
        {(props.statuses ?? STATUSES).map((s) => (
          <SingleSelectOption key={s} value={s}>
            {t(RUN_STATUS_LABEL[s])}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{props.menuTitle}</Page.Title>
      <Layouts.Header
        title={props.title}
        subtitle={props.subtitle}
        navigationAction={props.navigationAction}
        primaryAction={
          props.canRun ? (
            <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
              {props.newLabel}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        <DataTable
          columns={props.columns}
          result={data}
          emptyText={props.emptyText}
          rowKey={(run) => run.documentId}
          rowTestId={(run) => `run-${run.documentId}`}
          onRowClick={(run) => navigate(props.detailPath(run))}
          toolbar={statusFilter || undefined}
          exportCsv={{
            name: props.exportName,
            loadPage: (page, pageSize) => props.load({ ...list.params, page, pageSize }),
          }}
        />
      </Layouts.Content>
      {creating &&
        props.newRun({
          onClose: () => setCreating(false),
          onCreated: (run) => {
            setCreating(false);
            navigate(props.detailPath(run));
          },
        })}
    </Page.Main>
  );
}
