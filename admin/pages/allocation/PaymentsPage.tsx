import { useState } from 'react';
import { Box, Grid, Typography } from '@strapi/design-system';
import { PAYMENT_KINDS, useAllocationApi, type Payment } from '../../api/allocation-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { DateField, FormCell, SelectField, TextField } from '../billing/fields';
import { GROUPS } from './AdvancesPage';
import { AllocationNav } from './AllocationNav';
import { BuildingPicker, useBuildingChoice } from './BuildingPicker';
import { NO_ROWS, useBuildingPoints } from './building-points';
import { occupantColumns, usePartyNames, usePointOccupancies } from './occupant-rows';

const KINDS = {
  payment: msg('allocation.payments.kind.payment', 'Payment received'),
  refund: msg('allocation.payments.kind.refund', 'Refund'),
};

/**
 * Payments received (and refunds paid back) from the occupants, booked against
 * an advance group. A settlement counting "payments recorded" sets these
 * against the costs instead of the advances due; its statements show both.
 */
export function PaymentsPage() {
  const api = useAllocationApi();
  const access = readWriteAccess(usePluginPermissions('allocation'));
  const t = useT();
  const fmt = useFormat();
  const [building, setBuilding] = useBuildingChoice();
  const [kind, setKind] = useState('');
  const { points, name } = useBuildingPoints(building);
  const partyName = usePartyNames();
  const label = (p: Payment) => `${name(p.billingPointRef)} ${partyName(p.partyRef)} ${fmt.date(p.date)}`;
  const money = (p: Payment) => fmt.money(p.amount, 'CHF');
  return (
    <ResourceListPage<Payment>
      key={`${building}:${kind}`}
      navigationAction={<AllocationNav t={t} />}
      title={t('allocation.payments.title', 'Payments received')}
      subtitle={t(
        'allocation.payments.subtitle',
        'What each occupant actually paid towards the advances, and refunds paid back. A settlement can set these against the costs instead of the advances due.',
      )}
      addLabel={t('allocation.payments.add', 'Record payment')}
      emptyText={t('allocation.payments.empty', 'No payments recorded for this building yet.')}
      access={{ ...access, can: { ...access.can, create: access.can.create && !!building } }}
      aboveTable={
        <>
          <BuildingPicker value={building} onChange={setBuilding} />
          <Box paddingBottom={4} maxWidth="20rem">
            <SelectField
              name="kindFilter"
              label={t('field.kind', 'Kind')}
              value={kind}
              onChange={setKind}
              options={[
                { value: '', label: t('allocation.payments.all-kinds', 'Payments and refunds') },
                ...PAYMENT_KINDS.map((k) => ({ value: k, label: t(KINDS[k]) })),
              ]}
            />
          </Box>
        </>
      }
      load={({ page }) =>
        building
          ? api.payments.list({ building, kind, page, pageSize: 50, sort: 'date:asc' })
          : Promise.resolve(NO_ROWS)
      }
      exportName="payments-received"
      rowTestId={(p) => `payment-${p.documentId}`}
      itemLabel={label}
      columns={[
        {
          header: t('field.date', 'Date'),
          cell: (p) => <Typography>{fmt.date(p.date)}</Typography>,
          text: (p) => fmt.date(p.date),
        },
        ...occupantColumns<Payment>(t, name, partyName),
        {
          header: t('field.kind', 'Kind'),
          cell: (p) => <Typography>{t(KINDS[p.kind])}</Typography>,
          text: (p) => t(KINDS[p.kind]),
        },
        {
          header: t('allocation.payments.amount', 'Amount'),
          cell: (p) => <Typography>{money(p)}</Typography>,
          text: money,
        },
        {
          header: t('allocation.payments.reference', 'Reference'),
          cell: (p) => <Typography>{p.reference ?? ''}</Typography>,
          text: (p) => p.reference ?? '',
        },
      ]}
      remove={(p) => api.payments.remove(p.documentId)}
      confirmRemove={(p) =>
        t('allocation.payments.confirm-delete', 'Delete the payment {name}?', { name: label(p) })
      }
      removed={() => t('allocation.payments.deleted', 'Payment deleted')}
      form={(props) => <PaymentForm {...props} points={points} />}
    />
  );
}

function PaymentForm({
  existing,
  onClose,
  onSaved,
  points,
}: FormProps<Payment> & { points: { documentId: string; code: string; name: string }[] }) {
  const api = useAllocationApi();
  const t = useT();
  const fmt = useFormat();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    billingPoint: existing?.billingPointRef ?? '',
    party: existing?.partyRef ?? '',
    group: existing?.group ?? 'heating',
    kind: existing?.kind ?? 'payment',
    amount: existing?.amount ?? '',
    date: existing?.date ?? '',
    reference: existing?.reference ?? '',
    note: existing?.note ?? '',
  });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  // A payment comes from an occupant of the point: the choice lists its occupancies.
  const parties = new Map(usePointOccupancies(draft.billingPoint).map((o) => [o.party.documentId, o]));
  function save() {
    const body = { ...draft, reference: draft.reference || null, note: draft.note || null };
    return submit(
      () => (existing ? api.payments.update(existing.documentId, body) : api.payments.create(body)),
      existing
        ? t('allocation.payments.saved', 'Payment saved')
        : t('allocation.payments.created', 'Payment recorded'),
    );
  }
  const title = existing
    ? t('allocation.payments.edit', 'Edit payment')
    : t('allocation.payments.add', 'Record payment');
  return (
    <FormModal
      title={title}
      saveLabel={existing ? t('form.save-changes', 'Save changes') : title}
      saving={saving}
      saveDisabled={!draft.billingPoint || !draft.party}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <FormCell>
          <SelectField
            name="billingPoint"
            label={t('allocation.billing-point', 'Billing point')}
            value={draft.billingPoint}
            onChange={(v) => setDraft((d) => ({ ...d, billingPoint: v, party: '' }))}
            options={points.map((p) => ({ value: p.documentId, label: `${p.code} ${p.name}` }))}
            error={errors.billingPoint}
            required
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="party"
            label={t('field.party', 'Party')}
            value={parties.has(draft.party) ? draft.party : ''}
            onChange={set('party')}
            options={[...parties.values()].map((o) => ({
              value: o.party.documentId,
              label: `${o.party.displayName} (${fmt.dateRange(o.entryDate, o.exitDate)})`,
            }))}
            error={errors.party}
            required
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="group"
            label={t('allocation.group', 'Cost group')}
            value={draft.group}
            onChange={set('group')}
            options={Object.entries(GROUPS).map(([value, l]) => ({ value, label: t(l) }))}
            error={errors.group}
            required
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="kind"
            label={t('field.kind', 'Kind')}
            value={draft.kind}
            onChange={set('kind')}
            options={PAYMENT_KINDS.map((k) => ({ value: k, label: t(KINDS[k]) }))}
            error={errors.kind}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="amount"
            label={t('allocation.payments.amount', 'Amount')}
            value={draft.amount}
            onChange={set('amount')}
            error={errors.amount}
            hint={t('allocation.payments.amount-hint', 'A refund is entered as a negative amount')}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="date"
            label={t('field.date', 'Date')}
            value={draft.date}
            onChange={set('date')}
            error={errors.date}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="reference"
            label={t('allocation.payments.reference', 'Reference')}
            value={draft.reference}
            onChange={set('reference')}
            error={errors.reference}
            hint={t(
              'allocation.payments.reference-hint',
              'The bank’s reference; each only once per building',
            )}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="note"
            label={t('field.note', 'Note')}
            value={draft.note}
            onChange={set('note')}
            error={errors.note}
          />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
