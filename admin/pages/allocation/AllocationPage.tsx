import type { MessageDescriptor } from 'react-intl';
import { useMemo, useState } from 'react';
import { Box, Button, Checkbox, Grid, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { Route, Routes, useParams } from 'react-router-dom';
import {
  useAllocationApi,
  type ListedStatement,
  type SettlementResult,
  type SettlementRun,
  type SettlementRunBody,
} from '../../api/allocation-client';
import { useBillingApi } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { exceptionText } from '../../api/exception-messages';
import { CellText, DataTable, type DataColumn } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { BuildingCombobox } from '../../components/record-pickers';
import { NotFound } from '../../components/NotFound';
import { ExceptionsList, type RunException } from '../../components/runs/ExceptionsList';
import { RunActions } from '../../components/runs/RunActions';
import { RunPeriodFields, type RunPeriod } from '../../components/runs/RunPeriodFields';
import { RUN_STATUS_LABEL } from '../../components/runs/RunStatusBadge';
import { runColumns, RunsListPage } from '../../components/runs/RunsListPage';
import { RunTabs } from '../../components/runs/RunTabs';
import { useListQuery } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { downloadBlob } from '../../utils/download';
import { useFormat } from '../../utils/format';
import { localList } from '../../utils/local-list';
import { msg, useT } from '../../utils/useT';
import { TextField } from '../billing/fields';
import { AdvancesPage } from './AdvancesPage';
import { PaymentsPage } from './PaymentsPage';
import { ALLOCATION_BASE, AllocationNav } from './AllocationNav';
import { CATEGORIES, CostItemsPage } from './CostItemsPage';
import { KeysPage } from './KeysPage';
import { MeasurementsPage } from './MeasurementsPage';
import { SchemesPage } from './SchemesPage';
import { allPages } from '../../api/all-pages';

export { ALLOCATION_BASE, AllocationNav };

const OUTCOMES: Record<string, MessageDescriptor> = {
  'to-pay': msg('allocation.outcome.to-pay', 'To pay'),
  'to-refund': msg('allocation.outcome.to-refund', 'To refund'),
  settled: msg('allocation.outcome.settled', 'Settled'),
};
const ROLES: Record<string, MessageDescriptor> = {
  occupant: msg('charging.role.occupant', 'occupant'),
  owner: msg('charging.role.owner', 'owner'),
};
const EXCEPTIONS: Record<string, MessageDescriptor> = {
  'missing-meter': msg('allocation.exception.missing-meter', 'Meter figure missing'),
  'category-not-allocated': msg('allocation.exception.category-not-allocated', 'Category not allocated'),
  note: msg('allocation.run.note', 'Note'),
};
/** Utility types whose meters may give a measured key (the run's meterKeys). */
const METER_KEYS = [
  { key: 'heat', label: msg('allocation.key.heat', 'Heat meters') },
  { key: 'hot-water', label: msg('allocation.key.hot-water', 'Hot-water meters') },
  { key: 'cold-water', label: msg('allocation.key.cold-water', 'Cold-water meters') },
] as const;

/**
 * Cost allocation (main menu): the annual settlement of a building's charges
 * (Nebenkostenabrechnung / décompte de charges) — settlement runs with their
 * statements per party and billing point, finalize or void, CSV / XLSX; and
 * the building's cost items. Buttons show only what the user's actions allow;
 * the server refuses the rest regardless.
 */
export default function AllocationPage() {
  const { can, isLoading } = usePluginPermissions('allocation');
  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Routes>
      <Route index element={<RunsPage />} />
      <Route path="costs" element={<CostItemsPage />} />
      <Route path="keys" element={<KeysPage />} />
      <Route path="meter-figures" element={<MeasurementsPage />} />
      <Route path="schemes" element={<SchemesPage />} />
      <Route path="advances" element={<AdvancesPage />} />
      <Route path="payments" element={<PaymentsPage />} />
      <Route path="runs/:id" element={<RunDetailPage />} />
      <Route
        path="*"
        element={
          <NotFound
            back={ALLOCATION_BASE}
            backLabel={msg('allocation.runs.title', 'Settlements of charges')}
          />
        }
      />
    </Routes>
  );
}

const runPath = (run: { documentId: string }) => `${ALLOCATION_BASE}/runs/${run.documentId}`;

function RunsPage() {
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const billing = useBillingApi();
  const t = useT();
  const fmt = useFormat();
  const buildings = useLoader(
    () => allPages((page) => billing.buildings.list({ sort: 'code:asc', ...page })),
    [billing],
  );
  const buildingName = (id: string) => {
    const b = buildings.data?.data.find((x) => x.documentId === id);
    return b ? `${b.code} ${b.name}` : id;
  };
  const costText = (run: SettlementRun) =>
    run.totals ? fmt.money(run.totals.cost, run.options.currency ?? 'CHF') : '—';
  return (
    <RunsListPage<SettlementRun>
      menuTitle={t('menu.allocation', 'Cost allocation')}
      title={t('allocation.runs.title', 'Settlements of charges')}
      subtitle={t(
        'allocation.runs.subtitle',
        "A building's costs of a period shared by keys (area, ‰, meters), set against the advance payments.",
      )}
      navigationAction={<AllocationNav t={t} />}
      newLabel={t('allocation.runs.new', 'New settlement')}
      canRun={can.run}
      emptyText={t('allocation.runs.empty', 'No settlements yet.')}
      exportName="settlements"
      load={(params) => api.runs.list(params)}
      detailPath={runPath}
      newRun={(props) => <NewRunModal {...props} />}
      columns={[
        {
          name: 'building',
          label: t('field.building', 'Building'),
          text: (run) => buildingName(run.building),
        },
        ...runColumns<SettlementRun>(t, fmt, runPath),
        { name: 'cost', label: t('allocation.total-cost', 'Costs'), text: costText },
        {
          name: 'balanced',
          label: t('allocation.balanced', 'Balanced'),
          width: '8rem',
          text: (run) => (run.totals?.balanced ? t('common.yes', 'Yes') : t('common.no', 'No')),
        },
      ]}
    />
  );
}

function NewRunModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (run: SettlementRun) => void;
}) {
  const api = useAllocationApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onCreated);
  const [period, setPeriod] = useState<RunPeriod>({ periodStart: '', periodEnd: '' });
  const [draft, setDraft] = useState({
    building: '',
    estimateMissingMeters: false,
    paid: false,
    meters: { heat: '', 'hot-water': '', 'cold-water': '' },
  });

  function run() {
    const meterKeys: SettlementRunBody['meterKeys'] = {};
    for (const { key } of METER_KEYS) {
      const code = draft.meters[key].trim();
      if (code) meterKeys[code] = key;
    }
    return submit(
      () =>
        api.runs.run({
          building: draft.building,
          ...period,
          estimateMissingMeters: draft.estimateMissingMeters,
          advanceBasis: draft.paid ? 'paid' : 'due',
          meterKeys,
        }),
      t('allocation.run.ready', 'Draft settlement ready: check its exceptions before finalizing'),
    );
  }

  return (
    <FormModal
      title={t('allocation.run.new-title', 'New settlement of charges')}
      saveLabel={t('charging.run.run', 'Run')}
      saving={saving}
      saveDisabled={!draft.building}
      onSave={() => void run()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <BuildingCombobox
            value={draft.building || null}
            onChange={(building) => setDraft((d) => ({ ...d, building: building ?? '' }))}
            error={errors.building}
            required
          />
        </Grid.Item>
        <RunPeriodFields value={period} onChange={setPeriod} errors={errors} presets={['last-year']} />
        {METER_KEYS.map(({ key, label }) => (
          <Grid.Item key={key} col={4} direction="column" alignItems="stretch">
            <TextField
              name={`meterKeys.${key}`}
              label={t(label)}
              value={draft.meters[key]}
              onChange={(v) => setDraft((d) => ({ ...d, meters: { ...d.meters, [key]: v } }))}
              error={errors.meterKeys}
              hint={t('allocation.run.meter-hint', 'Utility type code, e.g. HEAT; empty: figures entered')}
            />
          </Grid.Item>
        ))}
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Checkbox
            name="estimateMissingMeters"
            checked={draft.estimateMissingMeters}
            onCheckedChange={(v: boolean | 'indeterminate') =>
              setDraft((d) => ({ ...d, estimateMissingMeters: v === true }))
            }
          >
            {t(
              'allocation.run.estimate',
              'Estimate a missing meter figure from the area key (named on the statement)',
            )}
          </Checkbox>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Checkbox
            name="advanceBasis"
            checked={draft.paid}
            onCheckedChange={(v: boolean | 'indeterminate') => setDraft((d) => ({ ...d, paid: v === true }))}
          >
            {t(
              'allocation.run.count-paid',
              'Deduct the payments received instead of the advances due (both are shown on the statement)',
            )}
          </Checkbox>
        </Grid.Item>
      </Grid.Root>
      <Box paddingTop={4}>
        <Typography variant="pi" textColor="neutral600">
          {t('allocation.run.replaces', 'Running again for the same building and period replaces the draft.')}
        </Typography>
      </Box>
    </FormModal>
  );
}

/** A statement's payments received over its groups, summed in whole cents (exact). */
const paidTotal = (s: ListedStatement) =>
  (s.groups.reduce((cents, g) => cents + Math.round(Number(g.advancesPaid) * 100), 0) / 100).toFixed(2);

function RunDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const billing = useBillingApi();
  const t = useT();
  const fmt = useFormat();
  const { data: run, error, reload } = useLoader(() => api.runs.get(id), [api, id]);
  const parties = useLoader(() => allPages((page) => billing.parties.list(page)), [billing]);
  const partyName = useMemo(() => {
    const names = new Map((parties.data?.data ?? []).map((p) => [p.documentId, p.displayName]));
    return (partyId: string) => names.get(partyId) ?? partyId;
  }, [parties.data]);

  if (error)
    return (
      <NotFound
        back={ALLOCATION_BASE}
        backLabel={msg('allocation.runs.title', 'Settlements of charges')}
        reason={error}
      />
    );
  if (!run) return <Page.Loading />;
  const result = run.result;
  const money = (amount: string) => fmt.money(amount, result.currency);
  // Coded notes (meters that gave no figure, figures estimated) are worded by exceptionText;
  // a point is only ever left out for having no keys (server/services/allocation/settlement-runs.ts).
  const notes: RunException[] = [
    ...(run.options.meterNotes ?? []),
    ...(result.estimates ?? []),
    ...(run.options.leftOut ?? []).map((l) => ({
      message: t('allocation.run.left-out-no-keys', '{code} takes no part: it has no allocation keys', {
        code: l.code,
      }),
    })),
  ].map((note) => ({ ...note, kind: 'note' }));
  const period = fmt.dateRange(run.periodStart, run.periodEnd);
  const title = t('allocation.run.title', 'Settlement {period}', { period });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<AllocationNav t={t} />}
        title={title}
        subtitle={t(
          'allocation.run.subtitle',
          '{status} · costs {cost} · allocated {allocated} · statements {statements}',
          {
            status: t(RUN_STATUS_LABEL[run.status]),
            cost: money(result.totals.cost),
            allocated: money(result.totals.allocated),
            statements: money(result.totals.statements),
          },
        )}
        primaryAction={
          <RunActions
            status={run.status}
            canFinalize={can.finalize}
            files={{
              csvLabel: t('allocation.run.csv', 'Statements CSV'),
              xlsxLabel: t('allocation.run.xlsx', 'Statements XLSX'),
              name: `settlement-${run.periodStart}-${run.periodEnd}`,
              fetch: (format) => api.runs.statements(id, format),
            }}
            finalize={() => api.runs.finalize(id)}
            voidRun={() => api.runs.void(id)}
            finalizedMessage={t(
              'allocation.run.finalized',
              'Settlement finalized: the period is locked for this building',
            )}
            confirmFinalize={t(
              'allocation.run.confirm-finalize',
              'Finalize the settlement for {period}? Its statements can no longer change, and the costs of the period are locked for this building.',
              { period },
            )}
            confirmVoid={t(
              'allocation.run.confirm-void',
              'Void this settlement? It stays as history, marked void, and the period is released.',
            )}
            onChanged={reload}
          />
        }
      />
      <Layouts.Content>
        <RunTabs
          label={title}
          tabs={[
            {
              value: 'exceptions',
              // Notes (a meter figure estimated, a category left out) show with the exceptions
              // but are not counted: nothing is wrong with them.
              label: t('charging.run.exceptions-n', 'Exceptions ({count})', {
                count: result.exceptions.length,
              }),
              content: (
                <ExceptionsList
                  rows={[...result.exceptions, ...notes]}
                  kinds={EXCEPTIONS}
                  exportName="settlement-exceptions"
                  emptyText={t('allocation.run.no-exceptions', 'None: every cost is allocated.')}
                />
              ),
            },
            {
              value: 'statements',
              label: t('allocation.run.statements-n', 'Statements ({count})', {
                count: result.statements.length,
              }),
              content: (
                <StatementsList
                  statements={result.statements}
                  money={money}
                  partyName={partyName}
                  pdf={(statementId) => api.runs.statementPdf(id, statementId)}
                />
              ),
            },
            {
              value: 'building',
              label: t('allocation.run.building-statement', "The building's statement of charges"),
              content: <CategoriesList categories={result.categories} money={money} />,
            },
          ]}
        />
      </Layouts.Content>
    </Page.Main>
  );
}

type Statement = ListedStatement;

/** Each party's statement: share of costs, advance payments, balance; sort, page, CSV; its PDF. */
function StatementsList(props: {
  statements: Statement[];
  money: (amount: string) => string;
  partyName: (id: string) => string;
  pdf: (statementId: string) => Promise<Blob>;
}) {
  const t = useT();
  const { toggleNotification } = useNotification();
  async function download(s: Statement) {
    try {
      const name = `${s.billingPointName ?? s.billingPointId}-${props.partyName(s.partyId)}`;
      downloadBlob(await props.pdf(s.id), `settlement-${name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.pdf`);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }
  const list = useListQuery([]);
  const { money } = props;
  const amount = (name: string, label: string, value: (s: Statement) => string): DataColumn<Statement> => ({
    name,
    label,
    sortable: true,
    width: '10rem',
    text: (s) => money(value(s)),
    sortValue: (s) => Number(value(s)),
  });
  const columns: DataColumn<Statement>[] = [
    {
      name: 'billingPoint',
      label: t('error.entity.billing-point', 'Billing point'),
      sortable: true,
      text: (s) => s.billingPointName ?? s.billingPointId,
    },
    {
      name: 'party',
      label: t('field.party', 'Party'),
      sortable: true,
      text: (s) => props.partyName(s.partyId),
      cell: (s) => <CellText text={props.partyName(s.partyId)} bold />,
    },
    {
      name: 'role',
      label: t('charging.invoice.as', 'As'),
      sortable: true,
      width: '8rem',
      text: (s) => (ROLES[s.role] ? t(ROLES[s.role]) : s.role),
    },
    {
      name: 'days',
      label: t('allocation.days', 'Days'),
      sortable: true,
      width: '6rem',
      text: (s) => String(s.days),
      sortValue: (s) => s.days,
    },
    amount('cost', t('allocation.share', 'Share of costs'), (s) => s.cost),
    amount('advances', t('allocation.advances', 'Advance payments'), (s) => s.advances),
    // Both are on every statement; the run's advanceBasis says which one the balance deducts.
    amount('paid', t('allocation.payments.title', 'Payments received'), paidTotal),
    {
      ...amount('balance', t('allocation.balance', 'Balance'), (s) => s.balance),
      width: undefined,
      text: (s) => `${money(s.balance)} · ${OUTCOMES[s.outcome] ? t(OUTCOMES[s.outcome]) : s.outcome}`,
    },
  ];
  const { result, loadPage } = localList(props.statements, columns, list, t.locale);
  return (
    <DataTable
      columns={columns}
      result={result}
      emptyText={t(
        'allocation.run.no-statements',
        'No statements: nobody occupied or owned a unit in the period.',
      )}
      rowKey={(s) => s.id}
      exportCsv={{ name: 'settlement-statements', loadPage }}
      actions={{
        label: t('list.actions', 'Actions'),
        cell: (s) => (
          <Button size="S" variant="tertiary" startIcon={<Download />} onClick={() => void download(s)}>
            {t('allocation.run.statement-pdf', 'Statement PDF')}
          </Button>
        ),
      }}
    />
  );
}

type Category = SettlementResult['categories'][number];

/** The building's statement: each category, how it was shared, its total, whether it was allocated. */
function CategoriesList(props: { categories: Category[]; money: (amount: string) => string }) {
  const t = useT();
  const fmt = useFormat();
  const list = useListQuery([]);
  const columns: DataColumn<Category>[] = [
    {
      name: 'category',
      label: t('allocation.category', 'Category'),
      sortable: true,
      // The default categories in the admin's language; a building's own by the name it was given.
      text: (c) => (CATEGORIES[c.code] ? t(CATEGORIES[c.code]) : c.name),
    },
    {
      name: 'key',
      label: t('allocation.key', 'Allocation key'),
      wrap: true,
      text: (c) => c.parts.map((p) => `${fmt.number(p.percent, 2)} % ${p.label}`).join(' + ') || '—',
    },
    {
      name: 'total',
      label: t('allocation.total-cost', 'Costs'),
      sortable: true,
      width: '10rem',
      text: (c) => props.money(c.total),
      sortValue: (c) => Number(c.total),
    },
    {
      name: 'allocated',
      label: t('allocation.allocated', 'Allocated'),
      wrap: true,
      text: (c) =>
        c.allocated
          ? t('common.yes', 'Yes')
          : c.notAllocated
            ? exceptionText(c.notAllocated, t)
            : (c.reason ?? t('common.no', 'No')),
    },
  ];
  const { result, loadPage } = localList(props.categories, columns, list, t.locale);
  return (
    <DataTable
      columns={columns}
      result={result}
      emptyText={t('allocation.run.no-categories', 'No costs in the period.')}
      rowKey={(c) => c.code}
      exportCsv={{ name: 'settlement-building-statement', loadPage }}
    />
  );
}
