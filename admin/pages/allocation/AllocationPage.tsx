import type { MessageDescriptor } from 'react-intl';
import { useMemo, useState, type ReactNode } from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Dialog,
  Field,
  Flex,
  Grid,
  Link as DSLink,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download, Plus } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import {
  useAllocationApi,
  type SettlementRun,
  type SettlementRunBody,
  type SettlementStatus,
} from '../../api/allocation-client';
import { useBillingApi } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { Pager } from '../../components/Pager';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { downloadBlob } from '../../utils/download';
import { useFormat } from '../../utils/format';
import { msg, useT, type Translate } from '../../utils/useT';
import { DateField, TextField } from '../billing/fields';
import { CostItemsPage } from './CostItemsPage';
import { NotFound } from '../../components/NotFound';

export const ALLOCATION_BASE = '/plugins/utilities/allocation';

const STATUS_LABEL: Record<SettlementStatus, MessageDescriptor> = {
  draft: msg('charging.status.draft', 'Draft'),
  finalized: msg('charging.status.finalized', 'Finalized'),
  void: msg('charging.status.void', 'Void'),
};
const STATUS_VARIANT: Record<SettlementStatus, 'secondary' | 'success' | 'neutral'> = {
  draft: 'secondary',
  finalized: 'success',
  void: 'neutral',
};
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

/** A plain table: a header row of labels and rows of cells. */
function DataTable({ headers, rows, empty }: { headers: string[]; rows: ReactNode[][]; empty?: string }) {
  return (
    <Table colCount={headers.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {headers.map((h) => (
            <Th key={h}>
              <Typography variant="sigma">{h}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.length === 0 && empty && (
          <Tr>
            <Td colSpan={headers.length}>
              <Typography>{empty}</Typography>
            </Td>
          </Tr>
        )}
        {rows.map((cells, i) => (
          <Tr key={i}>
            {cells.map((cell, j) => (
              <Td key={j}>{typeof cell === 'string' ? <Typography>{cell}</Typography> : cell}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function AllocationNav({ t }: { t: Translate }) {
  return (
    <Flex gap={4}>
      <DSLink tag={Link} to={ALLOCATION_BASE}>
        {t('allocation.runs.title', 'Settlements of charges')}
      </DSLink>
      <DSLink tag={Link} to={`${ALLOCATION_BASE}/costs`}>
        {t('allocation.costs.title', 'Cost items')}
      </DSLink>
    </Flex>
  );
}

function RunsPage() {
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const billing = useBillingApi();
  const navigate = useNavigate();
  const t = useT();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoader(
    () => api.runs.list({ page, pageSize: 20, sort: 'createdAt:desc' }),
    [api, page],
  );
  const buildings = useLoader(() => billing.buildings.list({ pageSize: 100, sort: 'code:asc' }), [billing]);
  const buildingName = (id: string) => {
    const b = buildings.data?.data.find((x) => x.documentId === id);
    return b ? `${b.code} ${b.name}` : id;
  };
  const [creating, setCreating] = useState(false);

  return (
    <Page.Main>
      <Page.Title>{t('menu.allocation', 'Cost allocation')}</Page.Title>
      <Layouts.Header
        title={t('allocation.runs.title', 'Settlements of charges')}
        subtitle={t(
          'allocation.runs.subtitle',
          "A building's costs of a period shared by keys (area, ‰, meters), set against the advance payments.",
        )}
        navigationAction={<AllocationNav t={t} />}
        primaryAction={
          can.run ? (
            <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
              {t('allocation.runs.new', 'New settlement')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <>
            <DataTable
              headers={[
                t('field.building', 'Building'),
                t('billing.coverage.period', 'Period'),
                t('channels.col.status', 'Status'),
                t('allocation.total-cost', 'Costs'),
                t('allocation.balanced', 'Balanced'),
              ]}
              empty={t('allocation.runs.empty', 'No settlements yet.')}
              rows={data.data.map((run: SettlementRun) => [
                buildingName(run.building),
                <DSLink key="l" tag={Link} to={`${ALLOCATION_BASE}/runs/${run.documentId}`}>
                  {fmt.dateRange(run.periodStart, run.periodEnd)}
                </DSLink>,
                <Badge key="s" variant={STATUS_VARIANT[run.status]}>
                  {t(STATUS_LABEL[run.status])}
                </Badge>,
                run.totals ? fmt.money(run.totals.cost, run.options.currency ?? 'CHF') : '—',
                run.totals?.balanced ? t('common.yes', 'Yes') : t('common.no', 'No'),
              ])}
            />
            <Pager
              page={data.meta.pagination.page}
              pageCount={data.meta.pagination.pageCount}
              total={data.meta.pagination.total}
              onPage={setPage}
            />
          </>
        )}
      </Layouts.Content>
      {creating && (
        <NewRunModal
          onClose={() => setCreating(false)}
          onCreated={(run) => {
            setCreating(false);
            void reload();
            navigate(`${ALLOCATION_BASE}/runs/${run.documentId}`);
          }}
        />
      )}
    </Page.Main>
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
  const billing = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onCreated);
  const buildings = useLoader(() => billing.buildings.list({ pageSize: 100, sort: 'code:asc' }), [billing]);
  const [draft, setDraft] = useState({
    building: '',
    periodStart: '',
    periodEnd: '',
    estimateMissingMeters: false,
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
          periodStart: draft.periodStart,
          periodEnd: draft.periodEnd,
          estimateMissingMeters: draft.estimateMissingMeters,
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
          <Field.Root name="building" error={errors.building} required>
            <Field.Label>{t('field.building', 'Building')}</Field.Label>
            <SingleSelect
              value={draft.building}
              onChange={(v: string | number) => setDraft((d) => ({ ...d, building: String(v) }))}
            >
              {(buildings.data?.data ?? []).map((b) => (
                <SingleSelectOption key={b.documentId} value={b.documentId}>
                  {`${b.code} ${b.name}`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="periodStart"
            label={t('field.period-start', 'First day')}
            value={draft.periodStart}
            onChange={(v) => setDraft((d) => ({ ...d, periodStart: v }))}
            error={errors.periodStart}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="periodEnd"
            label={t('field.period-end', 'Last day')}
            value={draft.periodEnd}
            onChange={(v) => setDraft((d) => ({ ...d, periodEnd: v }))}
            error={errors.periodEnd}
            hint={t('charging.run.included', 'Included')}
            required
          />
        </Grid.Item>
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
      </Grid.Root>
      <Box paddingTop={4}>
        <Typography variant="pi" textColor="neutral600">
          {t('allocation.run.replaces', 'Running again for the same building and period replaces the draft.')}
        </Typography>
      </Box>
    </FormModal>
  );
}

function RunDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const billing = useBillingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const { data: run, error, reload } = useLoader(() => api.runs.get(id), [api, id]);
  const parties = useLoader(() => billing.parties.list({ pageSize: 100 }), [billing]);
  const partyName = useMemo(() => {
    const names = new Map((parties.data?.data ?? []).map((p) => [p.documentId, p.displayName]));
    return (partyId: string) => names.get(partyId) ?? partyId;
  }, [parties.data]);
  const [confirming, setConfirming] = useState<'finalize' | 'void' | null>(null);

  async function act(what: 'finalize' | 'void') {
    try {
      await (what === 'finalize' ? api.runs.finalize(id) : api.runs.void(id));
      toggleNotification({
        type: 'success',
        message:
          what === 'finalize'
            ? t('allocation.run.finalized', 'Settlement finalized: the period is locked for this building')
            : t('charging.run.voided', 'Run voided'),
      });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setConfirming(null);
    }
  }

  async function exportStatements(format: 'csv' | 'xlsx') {
    try {
      downloadBlob(
        await api.runs.statements(id, format),
        `settlement-${run?.periodStart}-${run?.periodEnd}.${format}`,
      );
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

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
  const notes = [
    ...(run.options.meterNotes ?? []).map((n) => n.message),
    ...(run.options.leftOut ?? []).map((l) =>
      t('allocation.run.left-out', '{code} takes no part: {reason}', { code: l.code, reason: l.reason }),
    ),
  ];

  return (
    <Page.Main>
      <Page.Title>
        {t('allocation.run.title', 'Settlement {period}', {
          period: fmt.dateRange(run.periodStart, run.periodEnd),
        })}
      </Page.Title>
      <Layouts.Header
        navigationAction={<AllocationNav t={t} />}
        title={t('allocation.run.title', 'Settlement {period}', {
          period: fmt.dateRange(run.periodStart, run.periodEnd),
        })}
        subtitle={t(
          'allocation.run.subtitle',
          '{status} · costs {cost} · allocated {allocated} · statements {statements}',
          {
            status: t(STATUS_LABEL[run.status]),
            cost: money(result.totals.cost),
            allocated: money(result.totals.allocated),
            statements: money(result.totals.statements),
          },
        )}
        primaryAction={
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => void exportStatements('csv')}>
              {t('allocation.run.csv', 'Statements CSV')}
            </Button>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => void exportStatements('xlsx')}>
              {t('allocation.run.xlsx', 'Statements XLSX')}
            </Button>
            {can.finalize && run.status === 'draft' && (
              <Button onClick={() => setConfirming('finalize')}>
                {t('charging.run.finalize', 'Finalize')}
              </Button>
            )}
            {can.finalize && run.status !== 'void' && (
              <Button variant="danger-light" onClick={() => setConfirming('void')}>
                {t('charging.run.void', 'Void')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('charging.run.exceptions-n', 'Exceptions ({count})', { count: result.exceptions.length })}
            </Typography>
            <DataTable
              headers={[t('field.kind', 'Kind'), t('charging.run.what-to-look-at', 'What to look at')]}
              empty={t('allocation.run.no-exceptions', 'None: every cost is allocated.')}
              rows={[
                ...result.exceptions.map((e) => [
                  <Badge key="k">{EXCEPTIONS[e.kind] ? t(EXCEPTIONS[e.kind]) : e.kind}</Badge>,
                  e.message,
                ]),
                ...notes.map((n) => [<Badge key="k">{t('allocation.run.note', 'Note')}</Badge>, n]),
              ]}
            />
          </Box>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('allocation.run.statements-n', 'Statements ({count})', { count: result.statements.length })}
            </Typography>
            <DataTable
              headers={[
                t('error.entity.billing-point', 'Billing point'),
                t('field.party', 'Party'),
                t('charging.invoice.as', 'As'),
                t('allocation.days', 'Days'),
                t('allocation.share', 'Share of costs'),
                t('allocation.advances', 'Advance payments'),
                t('allocation.balance', 'Balance'),
              ]}
              rows={result.statements.map((s) => [
                s.billingPointName ?? s.billingPointId,
                <Typography key="p" fontWeight="bold">
                  {partyName(s.partyId)}
                </Typography>,
                ROLES[s.role] ? t(ROLES[s.role]) : s.role,
                String(s.days),
                money(s.cost),
                money(s.advances),
                `${money(s.balance)} · ${OUTCOMES[s.outcome] ? t(OUTCOMES[s.outcome]) : s.outcome}`,
              ])}
            />
          </Box>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('allocation.run.building-statement', "The building's statement of charges")}
            </Typography>
            <DataTable
              headers={[
                t('allocation.category', 'Category'),
                t('allocation.key', 'Allocation key'),
                t('allocation.total-cost', 'Costs'),
                t('allocation.allocated', 'Allocated'),
              ]}
              rows={result.categories.map((c) => [
                c.name,
                c.parts.map((p) => `${fmt.number(p.percent, 2)} % ${p.label}`).join(' + ') || '—',
                money(c.total),
                c.allocated ? t('common.yes', 'Yes') : (c.reason ?? t('common.no', 'No')),
              ])}
            />
          </Box>
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming === 'finalize' && (
          <ConfirmDialog onConfirm={() => act('finalize')}>
            {t(
              'allocation.run.confirm-finalize',
              'Finalize the settlement for {period}? Its statements can no longer change, and the costs of the period are locked for this building.',
              { period: fmt.dateRange(run.periodStart, run.periodEnd) },
            )}
          </ConfirmDialog>
        )}
        {confirming === 'void' && (
          <ConfirmDialog onConfirm={() => act('void')}>
            {t(
              'allocation.run.confirm-void',
              'Void this settlement? It stays as history, marked void, and the period is released.',
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}
