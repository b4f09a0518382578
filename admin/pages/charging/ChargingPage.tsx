import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  Link as DSLink,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download, Plus } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useBillingApi } from '../../api/billing-client';
import {
  useChargingApi,
  type ChargeRun,
  type InvoiceDetail,
  type RunScope,
  type RunStatus,
} from '../../api/charging-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { Pager } from '../../components/Pager';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { DateField } from '../billing/fields';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { downloadBlob } from '../../utils/download';
import { useFormat, type Formatter } from '../../utils/format';
import { msg, useT, type Translate } from '../../utils/useT';
import { NotFound } from '../../components/NotFound';

export const CHARGING_BASE = '/plugins/utilities/charging';

const STATUS_LABEL: Record<RunStatus, MessageDescriptor> = {
  draft: msg('charging.status.draft', 'Draft'),
  finalized: msg('charging.status.finalized', 'Finalized'),
  void: msg('charging.status.void', 'Void'),
};

/** Exception kinds (src/charging) in words; an unknown kind shows as sent. */
const EXCEPTION_KINDS: Record<string, MessageDescriptor> = {
  ambiguous: msg('charging.exception.ambiguous', 'Ambiguous'),
  'conflicting-reads': msg('charging.exception.conflicting-reads', 'Conflicting readings'),
  'conflicting-usage-records': msg(
    'charging.exception.conflicting-usage-records',
    'Conflicting usage records',
  ),
  'invalid-data': msg('charging.exception.invalid-data', 'Invalid data'),
  'missing-read': msg('charging.exception.missing-read', 'Missing reading'),
  'mixed-kinds': msg('charging.exception.mixed-kinds', 'Mixed kinds'),
  'negative-consumption': msg('charging.exception.negative-consumption', 'Negative consumption'),
  'negative-delta': msg('charging.exception.negative-delta', 'Counter went backwards'),
  'no-owner': msg('charging.exception.no-owner', 'No owner'),
  'out-of-range': msg('charging.exception.out-of-range', 'Out of range'),
  'period-finalized': msg('charging.exception.period-finalized', 'Period already finalized'),
  'no-rate': msg('charging.exception.no-rate', 'No rate'),
};

const ROLES: Record<string, MessageDescriptor> = {
  occupant: msg('charging.role.occupant', 'occupant'),
  owner: msg('charging.role.owner', 'owner'),
  'badge-holder': msg('charging.role.badge-holder', 'badge holder'),
};
const STATUS_VARIANT: Record<RunStatus, 'secondary' | 'success' | 'neutral'> = {
  draft: 'secondary',
  finalized: 'success',
  void: 'neutral',
};

const totalsText = (run: { totals: ChargeRun['totals'] }, fmt: Formatter) =>
  run.totals.length ? run.totals.map((total) => fmt.money(total.gross, total.currency)).join(' · ') : '—';

const scopeText = (scope: RunScope, t: Translate) =>
  scope === null
    ? t('charging.scope.all', 'All billing points')
    : 'building' in scope
      ? t('charging.scope.building', 'One building')
      : t('charging.scope.point', 'One billing point');

/**
 * Charging (main menu): charge runs — start a run (draft), the list, a run's
 * invoices and exceptions, finalize (with confirmation) or void, the statement
 * of building charges as CSV or XLSX; an invoice's lines. Buttons show only
 * what the user's actions allow; the server refuses the rest regardless.
 */
export default function ChargingPage() {
  const { can, isLoading } = usePluginPermissions('charging');
  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Routes>
      <Route index element={<RunsPage />} />
      <Route path="runs/:id" element={<RunDetailPage />} />
      <Route
        path="*"
        element={<NotFound back={CHARGING_BASE} backLabel={msg('charging.runs.title', 'Charge runs')} />}
      />
    </Routes>
  );
}

function RunsPage() {
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const navigate = useNavigate();
  const t = useT();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoader(
    () => api.runs.list({ page, pageSize: 20, sort: 'createdAt:desc' }),
    [api, page],
  );
  const [creating, setCreating] = useState(false);

  return (
    <Page.Main>
      <Page.Title>{t('menu.charging', 'Charging')}</Page.Title>
      <Layouts.Header
        title={t('charging.runs.title', 'Charge runs')}
        subtitle={t(
          'charging.runs.subtitle',
          'Invoices per occupant and billing point from readings and usage records; vacancy goes to the owner.',
        )}
        primaryAction={
          can.run ? (
            <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
              {t('charging.runs.new', 'New run')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <>
            <Table colCount={6} rowCount={data.data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('billing.coverage.period', 'Period')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('field.scope', 'Scope')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.gross', 'Gross')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.exceptions', 'Exceptions')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.run-by', 'Run by')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.length === 0 && (
                  <Tr>
                    <Td colSpan={6}>
                      <Typography>{t('charging.runs.empty', 'No charge runs yet.')}</Typography>
                    </Td>
                  </Tr>
                )}
                {data.data.map((run) => (
                  <Tr
                    key={run.documentId}
                    onClick={() => navigate(`${CHARGING_BASE}/runs/${run.documentId}`)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Td>
                      <DSLink tag={Link} to={`${CHARGING_BASE}/runs/${run.documentId}`}>
                        {fmt.dateRange(run.periodStart, run.periodEnd)}
                      </DSLink>
                    </Td>
                    <Td>
                      <Typography>{scopeText(run.scope, t)}</Typography>
                    </Td>
                    <Td>
                      <Badge variant={STATUS_VARIANT[run.status]}>{t(STATUS_LABEL[run.status])}</Badge>
                    </Td>
                    <Td>
                      <Typography>{totalsText(run, fmt)}</Typography>
                    </Td>
                    <Td>
                      <Typography textColor={run.exceptions.length ? 'danger600' : undefined}>
                        {run.exceptions.length}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{run.createdBy || '—'}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
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
          onCreated={async (run) => {
            setCreating(false);
            await reload();
            navigate(`${CHARGING_BASE}/runs/${run.documentId}`);
          }}
        />
      )}
    </Page.Main>
  );
}

function NewRunModal({ onClose, onCreated }: { onClose: () => void; onCreated: (run: ChargeRun) => void }) {
  const api = useChargingApi();
  const billing = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onCreated);
  const buildings = useLoader(() => billing.buildings.list({ pageSize: 100, sort: 'code:asc' }), [billing]);
  const points = useLoader(() => billing.billingPoints.list({ pageSize: 100, sort: 'code:asc' }), [billing]);
  const [draft, setDraft] = useState({ periodStart: '', periodEnd: '', scopeKind: 'all', target: '' });

  function run() {
    const scope: RunScope =
      draft.scopeKind === 'building'
        ? { building: draft.target }
        : draft.scopeKind === 'billingPoint'
          ? { billingPoint: draft.target }
          : null;
    return submit(
      () => api.runs.run({ periodStart: draft.periodStart, periodEnd: draft.periodEnd, scope }),
      t('charging.run.ready', 'Draft run ready: check its exceptions before finalizing'),
    );
  }

  const targets =
    draft.scopeKind === 'building'
      ? (buildings.data?.data ?? []).map((b) => ({ id: b.documentId, label: `${b.code} ${b.name}` }))
      : (points.data?.data ?? []).map((p) => ({ id: p.documentId, label: `${p.code} ${p.name}` }));

  return (
    <FormModal
      title={t('charging.run.new-title', 'New charge run')}
      saveLabel={t('charging.run.run', 'Run')}
      saving={saving}
      saveDisabled={draft.scopeKind !== 'all' && !draft.target}
      onSave={run}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
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
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="scope" error={errors.scope}>
            <Field.Label>{t('field.scope', 'Scope')}</Field.Label>
            <SingleSelect
              value={draft.scopeKind}
              onChange={(v: string | number) => setDraft((d) => ({ ...d, scopeKind: String(v), target: '' }))}
            >
              <SingleSelectOption value="all">
                {t('charging.scope.all', 'All billing points')}
              </SingleSelectOption>
              <SingleSelectOption value="building">
                {t('charging.scope.building', 'One building')}
              </SingleSelectOption>
              <SingleSelectOption value="billingPoint">
                {t('charging.scope.point', 'One billing point')}
              </SingleSelectOption>
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        {draft.scopeKind !== 'all' && (
          <Grid.Item col={6} direction="column" alignItems="stretch">
            <Field.Root name="target" required>
              <Field.Label>
                {draft.scopeKind === 'building'
                  ? t('field.building', 'Building')
                  : t('error.entity.billing-point', 'Billing point')}
              </Field.Label>
              <SingleSelect
                value={draft.target}
                onChange={(v: string | number) => setDraft((d) => ({ ...d, target: String(v) }))}
              >
                {targets.map((o) => (
                  <SingleSelectOption key={o.id} value={o.id}>
                    {o.label}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        )}
      </Grid.Root>
      <Box paddingTop={4}>
        <Typography variant="pi" textColor="neutral600">
          {t('charging.run.replaces', 'Running again for the same period and scope replaces the draft.')}
        </Typography>
      </Box>
    </FormModal>
  );
}

function RunDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const { data: run, error, reload } = useLoader(() => api.runs.get(id), [api, id]);
  const [confirming, setConfirming] = useState<'finalize' | 'void' | null>(null);
  const [invoice, setInvoice] = useState<InvoiceDetail | null>(null);

  async function act(what: 'finalize' | 'void') {
    try {
      await (what === 'finalize' ? api.runs.finalize(id) : api.runs.void(id));
      toggleNotification({
        type: 'success',
        message:
          what === 'finalize'
            ? t('charging.run.finalized', 'Run finalized: its invoices can no longer change')
            : t('charging.run.voided', 'Run voided'),
      });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setConfirming(null);
    }
  }

  async function exportStatement(format: 'csv' | 'xlsx') {
    try {
      downloadBlob(
        await api.runs.statement(id, format),
        `statement-${run?.periodStart}-${run?.periodEnd}.${format}`,
      );
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  async function openInvoice(invoiceId: string) {
    try {
      setInvoice(await api.invoices.get(invoiceId));
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  if (error)
    return (
      <NotFound back={CHARGING_BASE} backLabel={msg('charging.runs.title', 'Charge runs')} reason={error} />
    );
  if (!run) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>
        {t('charging.run.title', 'Charge run {period}', {
          period: fmt.dateRange(run.periodStart, run.periodEnd),
        })}
      </Page.Title>
      <Layouts.Header
        navigationAction={
          <DSLink tag={Link} to={CHARGING_BASE}>
            {t('charging.runs.title', 'Charge runs')}
          </DSLink>
        }
        title={t('charging.run.title', 'Charge run {period}', {
          period: fmt.dateRange(run.periodStart, run.periodEnd),
        })}
        subtitle={t(
          'charging.run.subtitle',
          '{scope} · {status} · {count, plural, one {# billing point} other {# billing points}} · {totals}',
          {
            scope: scopeText(run.scope, t),
            status: t(STATUS_LABEL[run.status]),
            count: run.billingPoints.length,
            totals: totalsText(run, fmt),
          },
        )}
        primaryAction={
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => exportStatement('csv')}>
              {t('charging.run.statement-csv', 'Statement CSV')}
            </Button>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => exportStatement('xlsx')}>
              {t('charging.run.statement-xlsx', 'Statement XLSX')}
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
              {t('charging.run.exceptions-n', 'Exceptions ({count})', { count: run.exceptions.length })}
            </Typography>
            {run.exceptions.length === 0 ? (
              <Typography>
                {t('charging.run.no-exceptions', 'Nothing to look at: everything in scope was charged.')}
              </Typography>
            ) : (
              <Table colCount={2} rowCount={run.exceptions.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('field.kind', 'Kind')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {t('charging.run.what-to-look-at', 'What to look at')}
                      </Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {run.exceptions.map((e, i) => (
                    <Tr key={i}>
                      <Td>
                        <Badge>{EXCEPTION_KINDS[e.kind] ? t(EXCEPTION_KINDS[e.kind]) : e.kind}</Badge>
                      </Td>
                      <Td>
                        <Typography>{e.message}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </Box>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('charging.run.invoices-n', 'Invoices ({count})', { count: run.invoices.length })}
            </Typography>
            <Table colCount={6} rowCount={run.invoices.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">
                      {t('error.entity.billing-point', 'Billing point')}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('field.party', 'Party')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.invoice.as', 'As')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.net', 'Net')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('billing.rates.vat', 'VAT')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('charging.gross', 'Gross')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {run.invoices.map((inv) => (
                  <Tr
                    key={inv.documentId}
                    onClick={() => openInvoice(inv.documentId)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Td>
                      <Typography>{`${inv.billingPoint.code} ${inv.billingPoint.name}`}</Typography>
                    </Td>
                    <Td>
                      <Typography fontWeight="bold">
                        {inv.party.displayName || inv.party.documentId}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{inv.roles.map((r) => (ROLES[r] ? t(ROLES[r]) : r)).join(', ')}</Typography>
                    </Td>
                    <Td>
                      <Typography>{fmt.money(inv.totals.net, inv.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{fmt.money(inv.totals.vat, inv.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{fmt.money(inv.totals.gross, inv.currency)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming === 'finalize' && (
          <ConfirmDialog onConfirm={() => act('finalize')}>
            {t(
              'charging.run.confirm-finalize',
              'Finalize {count, plural, one {# invoice} other {# invoices}} for {period}? They can no longer change, and the period is locked for these billing points.{open, plural, =0 {} one { # exception is still open: what it concerns is not billed.} other { # exceptions are still open: what they concern is not billed.}}',
              {
                count: run.invoices.length,
                period: fmt.dateRange(run.periodStart, run.periodEnd),
                open: run.exceptions.length,
              },
            )}
          </ConfirmDialog>
        )}
        {confirming === 'void' && (
          <ConfirmDialog onConfirm={() => act('void')}>
            {t(
              'charging.run.confirm-void',
              'Void this run? Its invoices stay as history, marked void, and the period is released.',
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
      {invoice && (
        <InvoiceModal
          invoice={invoice}
          canEdit={can.run && invoice.status === 'draft'}
          onClose={() => setInvoice(null)}
          onSaved={setInvoice}
        />
      )}
    </Page.Main>
  );
}

function InvoiceModal({
  invoice,
  canEdit,
  onClose,
  onSaved,
}: {
  invoice: InvoiceDetail;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (i: InvoiceDetail) => void;
}) {
  const api = useChargingApi();
  const t = useT();
  const fmt = useFormat();
  const { submit } = useSaveForm(onSaved);
  const [note, setNote] = useState(invoice.note ?? '');
  const saveNote = () =>
    submit(
      () => api.invoices.setNote(invoice.documentId, note || null),
      t('charging.invoice.note-saved', 'Note saved'),
    );

  /** HT and NT in the trade's own words; other band codes as they are. */
  const bandName = (band: string) =>
    band === 'HT'
      ? t('charging.band.ht', 'high tariff (HT)')
      : band === 'NT'
        ? t('charging.band.nt', 'low tariff (NT)')
        : band;
  const what = (l: InvoiceDetail['lines'][number]) => {
    const base = describe(l);
    if (!l.component) return base;
    return l.band
      ? t('charging.line.component-band', '{component}, {band} · {what}', {
          component: l.component,
          band: bandName(l.band),
          what: base,
        })
      : t('charging.line.component', '{component} · {what}', { component: l.component, what: base });
  };
  const describe = (l: InvoiceDetail['lines'][number]) => {
    const name = l.utilityType ?? l.usageMetric ?? '';
    if (l.kind === 'demand')
      return t(
        'charging.line.demand',
        '{name} · peak demand {month} · meter {meter} · interval from {start}',
        {
          name,
          month: l.month ?? '',
          meter: l.meterNumber ?? '',
          start: l.peakStartLocal ?? '',
        },
      );
    if (l.kind === 'fixed-fee') return t('charging.line.fixed-fee', '{name} fixed fee', { name });
    if (l.kind === 'usage')
      return t('charging.line.usage', '{name} · device {device}', { name, device: l.deviceId ?? '' });
    const read = (r: typeof l.from) =>
      r
        ? r.estimated
          ? t('charging.line.estimated', '{value} (est.)', { value: fmt.number(r.value, 10) })
          : fmt.number(r.value, 10)
        : '—';
    return t('charging.line.consumption', '{name} · meter {meter} / {register} · {from} → {to}', {
      name,
      meter: l.meterNumber ?? '',
      register: l.register ?? '',
      from: read(l.from),
      to: read(l.to),
    });
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: '90vw', width: '90vw' }}>
        <Modal.Header>
          <Modal.Title>{`${invoice.party.displayName} · ${invoice.billingPoint.code} · ${fmt.dateRange(invoice.periodStart, invoice.periodEnd)} · ${t(STATUS_LABEL[invoice.status])}`}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Table colCount={8} rowCount={invoice.lines.length + 2}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('billing.coverage.days', 'Days')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.what', 'What')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.quantity', 'Quantity')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.tier', 'Tier')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.unit-price', 'Unit price')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.amount', 'Amount')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.vat-percent', 'VAT %')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.vat', 'VAT')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {invoice.lines.map((l, i) => (
                <Tr key={i}>
                  <Td>
                    <Typography>{`${fmt.dateRange(l.periodStart, l.periodEnd)} (${fmt.number(l.days)})`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{what(l)}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.kind === 'fixed-fee'
                        ? t(
                            'charging.line.months',
                            '{quantity} {quantity, plural, one {month} other {months}}',
                            {
                              quantity: Number(l.quantity),
                            },
                          )
                        : `${fmt.number(l.quantity, 10)} ${l.unit ?? ''}`}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.tier
                        ? `${l.tier.index}: ${fmt.number(l.tier.from, 10)}–${l.tier.to ? fmt.number(l.tier.to, 10) : '∞'}`
                        : '—'}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.unitPrice, l.currency)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.amount, l.currency)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.number(l.vatRate, 4)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.vatAmount, l.currency)}</Typography>
                  </Td>
                </Tr>
              ))}
              <Tr>
                <Td colSpan={5}>
                  <Typography fontWeight="bold">{t('charging.invoice.total', 'Total')}</Typography>
                </Td>
                <Td>
                  <Typography fontWeight="bold">{fmt.money(invoice.totals.net, invoice.currency)}</Typography>
                </Td>
                <Td />
                <Td>
                  <Typography fontWeight="bold">
                    {t('charging.invoice.vat-gross', '{vat} · gross {gross}', {
                      vat: fmt.money(invoice.totals.vat, invoice.currency),
                      gross: fmt.money(invoice.totals.gross, invoice.currency),
                    })}
                  </Typography>
                </Td>
              </Tr>
            </Tbody>
          </Table>
          <Box paddingTop={4}>
            <Field.Root name="note">
              <Field.Label>{t('field.note', 'Note')}</Field.Label>
              <Textarea
                value={note}
                disabled={!canEdit}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)}
              />
            </Field.Root>
          </Box>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
          {canEdit && <Button onClick={saveNote}>{t('charging.invoice.save-note', 'Save note')}</Button>}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
