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
import { formatMoney } from '../billing/format';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';

export const CHARGING_BASE = '/plugins/utilities/charging';

const STATUS_LABEL: Record<RunStatus, string> = { draft: 'Draft', finalized: 'Finalized', void: 'Void' };
const STATUS_VARIANT: Record<RunStatus, 'secondary' | 'success' | 'neutral'> = {
  draft: 'secondary',
  finalized: 'success',
  void: 'neutral',
};

const totalsText = (run: { totals: ChargeRun['totals'] }) =>
  run.totals.length ? run.totals.map((t) => formatMoney(t.gross, t.currency)).join(' · ') : '—';

const scopeText = (scope: RunScope) =>
  scope === null ? 'All billing points' : 'building' in scope ? 'One building' : 'One billing point';

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
      <Route path="*" element={<Page.Error />} />
    </Routes>
  );
}

function RunsPage() {
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoader(
    () => api.runs.list({ page, pageSize: 20, sort: 'createdAt:desc' }),
    [api, page],
  );
  const [creating, setCreating] = useState(false);

  return (
    <Page.Main>
      <Page.Title>Charging</Page.Title>
      <Layouts.Header
        title="Charge runs"
        subtitle="Invoices per occupant and billing point from readings and usage records; vacancy goes to the owner."
        primaryAction={
          can.run ? (
            <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
              New run
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
                    <Typography variant="sigma">Period</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Scope</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Status</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Gross</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Exceptions</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Run by</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.length === 0 && (
                  <Tr>
                    <Td colSpan={6}>
                      <Typography>No charge runs yet.</Typography>
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
                      <DSLink
                        tag={Link}
                        to={`${CHARGING_BASE}/runs/${run.documentId}`}
                      >{`${run.periodStart} – ${run.periodEnd}`}</DSLink>
                    </Td>
                    <Td>
                      <Typography>{scopeText(run.scope)}</Typography>
                    </Td>
                    <Td>
                      <Badge variant={STATUS_VARIANT[run.status]}>{STATUS_LABEL[run.status]}</Badge>
                    </Td>
                    <Td>
                      <Typography>{totalsText(run)}</Typography>
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
      'Draft run ready: check its exceptions before finalizing',
    );
  }

  const targets =
    draft.scopeKind === 'building'
      ? (buildings.data?.data ?? []).map((b) => ({ id: b.documentId, label: `${b.code} ${b.name}` }))
      : (points.data?.data ?? []).map((p) => ({ id: p.documentId, label: `${p.code} ${p.name}` }));

  return (
    <FormModal
      title="New charge run"
      saveLabel="Run"
      saving={saving}
      saveDisabled={draft.scopeKind !== 'all' && !draft.target}
      onSave={run}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="periodStart"
            label="First day"
            value={draft.periodStart}
            onChange={(v) => setDraft((d) => ({ ...d, periodStart: v }))}
            error={errors.periodStart}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="periodEnd"
            label="Last day"
            value={draft.periodEnd}
            onChange={(v) => setDraft((d) => ({ ...d, periodEnd: v }))}
            error={errors.periodEnd}
            hint="Included"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="scope" error={errors.scope}>
            <Field.Label>Scope</Field.Label>
            <SingleSelect
              value={draft.scopeKind}
              onChange={(v: string | number) => setDraft((d) => ({ ...d, scopeKind: String(v), target: '' }))}
            >
              <SingleSelectOption value="all">All billing points</SingleSelectOption>
              <SingleSelectOption value="building">One building</SingleSelectOption>
              <SingleSelectOption value="billingPoint">One billing point</SingleSelectOption>
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        {draft.scopeKind !== 'all' && (
          <Grid.Item col={6} direction="column" alignItems="stretch">
            <Field.Root name="target" required>
              <Field.Label>{draft.scopeKind === 'building' ? 'Building' : 'Billing point'}</Field.Label>
              <SingleSelect
                value={draft.target}
                onChange={(v: string | number) => setDraft((d) => ({ ...d, target: String(v) }))}
              >
                {targets.map((t) => (
                  <SingleSelectOption key={t.id} value={t.id}>
                    {t.label}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        )}
      </Grid.Root>
      <Box paddingTop={4}>
        <Typography variant="pi" textColor="neutral600">
          Running again for the same period and scope replaces the draft.
        </Typography>
      </Box>
    </FormModal>
  );
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function RunDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const { toggleNotification } = useNotification();
  const { data: run, error, reload } = useLoader(() => api.runs.get(id), [api, id]);
  const [confirming, setConfirming] = useState<'finalize' | 'void' | null>(null);
  const [invoice, setInvoice] = useState<InvoiceDetail | null>(null);

  async function act(what: 'finalize' | 'void') {
    try {
      await (what === 'finalize' ? api.runs.finalize(id) : api.runs.void(id));
      toggleNotification({
        type: 'success',
        message: what === 'finalize' ? 'Run finalized: its invoices can no longer change' : 'Run voided',
      });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setConfirming(null);
    }
  }

  async function exportStatement(format: 'csv' | 'xlsx') {
    try {
      download(
        await api.runs.statement(id, format),
        `statement-${run?.periodStart}-${run?.periodEnd}.${format}`,
      );
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    }
  }

  async function openInvoice(invoiceId: string) {
    try {
      setInvoice(await api.invoices.get(invoiceId));
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    }
  }

  if (error)
    return (
      <Page.Main>
        <Layouts.Content>
          <Typography textColor="danger600">{error}</Typography>
        </Layouts.Content>
      </Page.Main>
    );
  if (!run) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{`Charge run ${run.periodStart} – ${run.periodEnd}`}</Page.Title>
      <Layouts.Header
        navigationAction={
          <DSLink tag={Link} to={CHARGING_BASE}>
            Charge runs
          </DSLink>
        }
        title={`Charge run ${run.periodStart} – ${run.periodEnd}`}
        subtitle={`${scopeText(run.scope)} · ${STATUS_LABEL[run.status]} · ${run.billingPoints.length} billing point(s) · ${totalsText(run)}`}
        primaryAction={
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => exportStatement('csv')}>
              Statement CSV
            </Button>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => exportStatement('xlsx')}>
              Statement XLSX
            </Button>
            {can.finalize && run.status === 'draft' && (
              <Button onClick={() => setConfirming('finalize')}>Finalize</Button>
            )}
            {can.finalize && run.status !== 'void' && (
              <Button variant="danger-light" onClick={() => setConfirming('void')}>
                Void
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box>
            <Typography variant="delta" tag="h2">{`Exceptions (${run.exceptions.length})`}</Typography>
            {run.exceptions.length === 0 ? (
              <Typography>Nothing to look at: everything in scope was charged.</Typography>
            ) : (
              <Table colCount={2} rowCount={run.exceptions.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">Kind</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">What to look at</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {run.exceptions.map((e, i) => (
                    <Tr key={i}>
                      <Td>
                        <Badge>{e.kind}</Badge>
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
            <Typography variant="delta" tag="h2">{`Invoices (${run.invoices.length})`}</Typography>
            <Table colCount={6} rowCount={run.invoices.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">Billing point</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Party</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">As</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Net</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">VAT</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Gross</Typography>
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
                      <Typography>{inv.roles.join(', ')}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(inv.totals.net, inv.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(inv.totals.vat, inv.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(inv.totals.gross, inv.currency)}</Typography>
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
            {`Finalize ${run.invoices.length} invoice(s) for ${run.periodStart} – ${run.periodEnd}? They can no longer change, and the period is locked for these billing points.${run.exceptions.length ? ` ${run.exceptions.length} exception(s) are still open: what they concern is not billed.` : ''}`}
          </ConfirmDialog>
        )}
        {confirming === 'void' && (
          <ConfirmDialog onConfirm={() => act('void')}>
            {'Void this run? Its invoices stay as history, marked void, and the period is released.'}
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
  const { submit } = useSaveForm(onSaved);
  const [note, setNote] = useState(invoice.note ?? '');
  const saveNote = () => submit(() => api.invoices.setNote(invoice.documentId, note || null), 'Note saved');

  const what = (l: InvoiceDetail['lines'][number]) => {
    const name = l.utilityType ?? l.usageMetric ?? '';
    if (l.kind === 'fixed-fee') return `${name} fixed fee`;
    if (l.kind === 'usage') return `${name} · device ${l.deviceId ?? ''}`;
    const read = (r: typeof l.from) => (r ? `${r.value}${r.estimated ? ' (est.)' : ''}` : '—');
    return `${name} · meter ${l.meterNumber ?? ''} / ${l.register ?? ''} · ${read(l.from)} → ${read(l.to)}`;
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: '90vw', width: '90vw' }}>
        <Modal.Header>
          <Modal.Title>{`${invoice.party.displayName} · ${invoice.billingPoint.code} · ${invoice.periodStart} – ${invoice.periodEnd} · ${STATUS_LABEL[invoice.status]}`}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Table colCount={8} rowCount={invoice.lines.length + 2}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Days</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">What</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Quantity</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Tier</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Unit price</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Amount</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">VAT %</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">VAT</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {invoice.lines.map((l, i) => (
                <Tr key={i}>
                  <Td>
                    <Typography>{`${l.periodStart} – ${l.periodEnd} (${l.days})`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{what(l)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{`${l.quantity} ${l.kind === 'fixed-fee' ? 'month' : l.unit}`}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.tier ? `${l.tier.index}: ${l.tier.from}–${l.tier.to ?? '∞'}` : '—'}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{l.unitPrice}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMoney(l.amount, l.currency)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{l.vatRate}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatMoney(l.vatAmount, l.currency)}</Typography>
                  </Td>
                </Tr>
              ))}
              <Tr>
                <Td colSpan={5}>
                  <Typography fontWeight="bold">Total</Typography>
                </Td>
                <Td>
                  <Typography fontWeight="bold">
                    {formatMoney(invoice.totals.net, invoice.currency)}
                  </Typography>
                </Td>
                <Td />
                <Td>
                  <Typography fontWeight="bold">{`${formatMoney(invoice.totals.vat, invoice.currency)} · gross ${formatMoney(invoice.totals.gross, invoice.currency)}`}</Typography>
                </Td>
              </Tr>
            </Tbody>
          </Table>
          <Box paddingTop={4}>
            <Field.Root name="note">
              <Field.Label>Note</Field.Label>
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
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
          {canEdit && <Button onClick={saveNote}>Save note</Button>}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
