import { useState } from 'react';
import { Link as DSLink, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { Link, useParams } from 'react-router-dom';
import {
  useChargingApi,
  type ChargeRunDetail,
  type InvoiceDetail,
  type InvoiceSummary,
} from '../../api/charging-client';
import { toApiFailure } from '../../api/errors';
import { CellText, DataTable, type DataColumn } from '../../components/DataTable';
import { NotFound } from '../../components/NotFound';
import { ExceptionsList } from '../../components/runs/ExceptionsList';
import { LocalListFilters } from '../../components/runs/LocalListFilters';
import { RunActions } from '../../components/runs/RunActions';
import { RUN_STATUS_LABEL } from '../../components/runs/RunStatusBadge';
import { RunTabs } from '../../components/runs/RunTabs';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { localList } from '../../utils/local-list';
import { msg, useT } from '../../utils/useT';
import { DeliveryCell, deliveryText, RunDelivery } from './InvoiceDelivery';
import { InvoiceModal } from './InvoiceModal';
import { RunDocumentsZip } from './RunDocumentsZip';
import { RunProgress } from './RunProgress';
import { CHARGING_BASE, EXCEPTION_KINDS, ROLES, scopeText, totalsText } from './labels';
import { useScopeNames } from './useScopeNames';

/** A charge run: its exceptions and invoices (tabs), its statement files, finalize and void. */
export function RunDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const t = useT();
  const fmt = useFormat();
  const scopes = useScopeNames();
  const { data: run, error, reload } = useLoader(() => api.runs.get(id), [api, id]);

  if (error)
    return (
      <NotFound back={CHARGING_BASE} backLabel={msg('charging.runs.title', 'Charge runs')} reason={error} />
    );
  if (!run) return <Page.Loading />;

  const period = fmt.dateRange(run.periodStart, run.periodEnd);
  const title = t('charging.run.title', 'Charge run {period}', { period });
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={
          <DSLink tag={Link} to={CHARGING_BASE}>
            {t('charging.runs.title', 'Charge runs')}
          </DSLink>
        }
        title={title}
        subtitle={t(
          'charging.run.subtitle',
          '{scope} · {status} · {count, plural, one {# billing point} other {# billing points}} · {totals}',
          {
            scope: scopeText(run.scope, t, scopes.name),
            status: t(RUN_STATUS_LABEL[run.status]),
            count: run.billingPoints.length,
            totals: totalsText(run, fmt),
          },
        )}
        primaryAction={
          <RunActions
            status={run.status}
            canFinalize={can.finalize}
            files={{
              csvLabel: t('charging.run.statement-csv', 'Statement CSV'),
              xlsxLabel: t('charging.run.statement-xlsx', 'Statement XLSX'),
              name: `statement-${run.periodStart}-${run.periodEnd}`,
              fetch: (format) => api.runs.statement(id, format),
            }}
            finalize={() => api.runs.finalize(id)}
            voidRun={() => api.runs.void(id)}
            voidedMessage={({ creditNotes }) =>
              t(
                'charging.run.voided-credit-notes',
                '{count, plural, =0 {Run voided} one {Run voided: # credit note issued} other {Run voided: # credit notes issued}}',
                { count: creditNotes },
              )
            }
            finalizedMessage={t('charging.run.finalized', 'Run finalized: its invoices can no longer change')}
            confirmFinalize={t(
              'charging.run.confirm-finalize',
              'Finalize {count, plural, one {# invoice} other {# invoices}} for {period}? They can no longer change, and the period is locked for these billing points.{open, plural, =0 {} one { # exception is still open: what it concerns is not billed.} other { # exceptions are still open: what they concern is not billed.}}',
              { count: run.invoices.length, period, open: run.exceptions.length },
            )}
            confirmVoid={
              // A finalized run's invoices were issued: the void takes them back with credit notes.
              run.status === 'finalized'
                ? t(
                    'charging.run.confirm-void-finalized',
                    'Void this finalized run? Each of its {count, plural, one {# invoice} other {# invoices}} gets a credit note for what is still open on it; the invoices keep their numbers, marked void, and the period is released.',
                    { count: run.invoices.length },
                  )
                : t(
                    'charging.run.confirm-void-draft',
                    'Void this draft? Its invoices were never issued: they are marked void, no document or credit note is created, and the period is released.',
                  )
            }
            onChanged={reload}
          />
        }
      />
      <Layouts.Content>
        <RunProgress run={run} reload={reload} />
        <RunTabs
          label={title}
          tabs={[
            {
              value: 'exceptions',
              label: t('charging.run.exceptions-n', 'Exceptions ({count})', { count: run.exceptions.length }),
              content: (
                <ExceptionsList
                  rows={run.exceptions}
                  kinds={EXCEPTION_KINDS}
                  exportName="charge-run-exceptions"
                  emptyText={
                    run.exceptions.length
                      ? t('list.no-match', 'Nothing matches these filters.')
                      : t(
                          'charging.run.no-exceptions',
                          'Nothing to look at: everything in scope was charged.',
                        )
                  }
                  columns={[
                    {
                      name: 'billingPoint',
                      label: t('error.entity.billing-point', 'Billing point'),
                      sortable: true,
                      width: '14rem',
                      text: (e) => scopes.name(e.billingPointId) ?? e.billingPointId,
                    },
                  ]}
                />
              ),
            },
            {
              value: 'invoices',
              label: t('charging.run.invoices-n', 'Invoices ({count})', { count: run.invoices.length }),
              content: <InvoicesList run={run} canEdit={can.run} reloadRun={reload} />,
            },
          ]}
        />
      </Layouts.Content>
    </Page.Main>
  );
}

/** A run's invoices: search by party or billing point, filter by role, sort, page, CSV; a row opens the invoice. */
function InvoicesList({
  run,
  canEdit,
  reloadRun,
}: {
  run: ChargeRunDetail;
  canEdit: boolean;
  reloadRun: () => Promise<void>;
}) {
  const api = useChargingApi();
  const t = useT();
  const fmt = useFormat();
  const { toggleNotification } = useNotification();
  const list = useListQuery(['q', 'role']);
  const [draft, setDraft] = useFilterDraft({ q: list.filters.q });
  const [invoice, setInvoice] = useState<InvoiceDetail | null>(null);

  async function open(invoiceId: string) {
    try {
      setInvoice(await api.invoices.get(invoiceId));
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  const roleText = (inv: InvoiceSummary) => inv.roles.map((r) => (ROLES[r] ? t(ROLES[r]) : r)).join(', ');
  const amount = (key: 'net' | 'vat' | 'gross'): DataColumn<InvoiceSummary> => ({
    name: key,
    label:
      key === 'net'
        ? t('charging.net', 'Net')
        : key === 'vat'
          ? t('billing.rates.vat', 'VAT')
          : t('charging.gross', 'Gross'),
    sortable: true,
    width: '10rem',
    text: (inv) => fmt.money(inv.totals[key], inv.currency),
    sortValue: (inv) => Number(inv.totals[key]),
  });
  const finalized = run.status === 'finalized' || run.invoices.some((inv) => inv.number);
  const columns: DataColumn<InvoiceSummary>[] = [
    ...(finalized
      ? [
          {
            name: 'number',
            label: t('documents.column.number', 'Number'),
            sortable: true,
            width: '10rem',
            text: (inv: InvoiceSummary) => inv.number ?? '—',
          },
        ]
      : []),
    {
      name: 'billingPoint',
      label: t('error.entity.billing-point', 'Billing point'),
      sortable: true,
      text: (inv) => `${inv.billingPoint.code} ${inv.billingPoint.name}`,
    },
    {
      name: 'party',
      label: t('field.party', 'Party'),
      sortable: true,
      text: (inv) => inv.party.displayName || inv.party.documentId,
      cell: (inv) => <CellText text={inv.party.displayName || inv.party.documentId} bold />,
    },
    { name: 'roles', label: t('charging.invoice.as', 'As'), sortable: true, width: '10rem', text: roleText },
    amount('net'),
    amount('vat'),
    amount('gross'),
    ...(finalized
      ? [
          {
            name: 'delivery',
            label: t('documents.column.delivery', 'E-mail'),
            sortable: true,
            width: '14rem',
            text: (inv: InvoiceSummary) => deliveryText(inv.delivery, t),
            cell: (inv: InvoiceSummary) => <DeliveryCell delivery={inv.delivery} />,
          },
        ]
      : []),
  ];
  const q = list.filters.q.trim().toLowerCase();
  const { result, loadPage } = localList(
    run.invoices,
    columns,
    list,
    t.locale,
    (inv) =>
      (!list.filters.role || inv.roles.includes(list.filters.role)) &&
      (!q ||
        `${inv.number ?? ''} ${inv.billingPoint.code} ${inv.billingPoint.name} ${inv.party.displayName}`
          .toLowerCase()
          .includes(q)),
  );
  const roles = [...new Set(run.invoices.flatMap((inv) => inv.roles))];

  return (
    <>
      {run.invoices.length > 0 && <RunDocumentsZip run={run} />}
      {run.status === 'finalized' && run.invoices.length > 0 && (
        <RunDelivery run={run} reloadRun={reloadRun} />
      )}
      {run.invoices.length === 0 && (
        <Typography textColor="neutral600">
          {t('charging.run.no-invoices', 'This run has no invoices: nothing in its scope was billable.')}
        </Typography>
      )}
      <DataTable
        columns={columns}
        result={run.invoices.length ? result : null}
        emptyText={t('list.no-match', 'Nothing matches these filters.')}
        rowKey={(inv) => inv.documentId}
        rowTestId={(inv) => `invoice-${inv.billingPoint.code}-${inv.party.displayName}`}
        onRowClick={(inv) => void open(inv.documentId)}
        toolbar={
          <LocalListFilters
            search={{
              value: draft.q,
              label: t('charging.invoices.search', 'Search invoices'),
              placeholder: t('charging.invoices.search-placeholder', 'Search by party or billing point'),
              onChange: (value) => {
                setDraft({ q: value });
                list.setFilters({ q: value }, { replace: true });
              },
            }}
            kind={{
              label: t('charging.invoice.as', 'As'),
              allLabel: t('charging.invoices.all-roles', 'All roles'),
              value: list.filters.role,
              options: roles.map((r) => ({ value: r, label: ROLES[r] ? t(ROLES[r]) : r })),
              onChange: (role) => list.setFilters({ role }),
            }}
          />
        }
        exportCsv={{ name: 'charge-run-invoices', loadPage }}
      />
      {invoice && (
        <InvoiceModal
          invoice={invoice}
          canEdit={canEdit && invoice.status === 'draft'}
          onClose={() => setInvoice(null)}
          onSaved={setInvoice}
          onDocumentsChanged={async () => {
            await Promise.all([open(invoice.documentId), reloadRun()]);
          }}
        />
      )}
    </>
  );
}
