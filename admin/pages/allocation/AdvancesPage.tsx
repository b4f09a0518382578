import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useAllocationApi, type Advance } from '../../api/allocation-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { DateField, FormCell, SelectField, TextField } from '../billing/fields';
import { AllocationNav } from './AllocationNav';
import { BuildingPicker, useBuildingChoice } from './BuildingPicker';
import { NO_ROWS, useBuildingPoints } from './building-points';
import { groupName, occupantColumns, usePartyNames, usePointOccupancies } from './occupant-rows';

/** The advance groups of the default categories (src/allocation/defaults.ts); a building's own show as named. */
export const GROUPS: Record<string, MessageDescriptor> = {
  heating: msg('allocation.group.heating', 'Heating and hot water'),
  operating: msg('allocation.group.operating', 'Other operating costs'),
};

/**
 * Advance payments (akonto): what an occupant pays each month towards the
 * heating and the other operating costs, from one date to another. A change of
 * amount is a new advance from the day it applies (end the old one the day
 * before). The settlement sets the advances due in its period against each
 * party's share of the costs of the same group.
 */
export function AdvancesPage() {
  const api = useAllocationApi();
  const access = readWriteAccess(usePluginPermissions('allocation'));
  const t = useT();
  const fmt = useFormat();
  const [building, setBuilding] = useBuildingChoice();
  const { points, name } = useBuildingPoints(building);
  const partyName = usePartyNames();
  const label = (a: Advance) =>
    `${name(a.billingPointRef)} ${partyName(a.partyRef)} ${groupName(t, a.group)}`;
  return (
    <ResourceListPage<Advance>
      key={building}
      navigationAction={<AllocationNav t={t} />}
      title={t('allocation.advances', 'Advance payments')}
      subtitle={t(
        'allocation.advances.subtitle',
        'The monthly advances each occupant pays towards heating and the other operating costs; the settlement sets them against the actual costs.',
      )}
      addLabel={t('allocation.advances.add', 'Add advance payment')}
      emptyText={t('allocation.advances.empty', 'No advance payments for this building yet.')}
      access={{ ...access, can: { ...access.can, create: access.can.create && !!building } }}
      aboveTable={<BuildingPicker value={building} onChange={setBuilding} />}
      load={({ page }) =>
        building
          ? api.advances.list({ building, page, pageSize: 50, sort: 'validFrom:asc' })
          : Promise.resolve(NO_ROWS)
      }
      exportName="advance-payments"
      rowTestId={(a) => `advance-${a.documentId}`}
      itemLabel={label}
      columns={[
        ...occupantColumns<Advance>(t, name, partyName),
        {
          header: t('allocation.advances.monthly', 'Per month'),
          cell: (a) => <Typography>{fmt.money(a.monthlyAmount, 'CHF')}</Typography>,
          text: (a) => fmt.money(a.monthlyAmount, 'CHF'),
        },
        {
          header: t('allocation.period', 'Period'),
          cell: (a) => <Typography>{fmt.dateRange(a.validFrom, a.validTo)}</Typography>,
          text: (a) => fmt.dateRange(a.validFrom, a.validTo),
        },
      ]}
      remove={(a) => api.advances.remove(a.documentId)}
      confirmRemove={(a) =>
        t('allocation.advances.confirm-delete', 'Delete the advance payment {name}?', { name: label(a) })
      }
      removed={() => t('allocation.advances.deleted', 'Advance payment deleted')}
      form={(props) => <AdvanceForm {...props} points={points} />}
    />
  );
}

function AdvanceForm({
  existing,
  onClose,
  onSaved,
  points,
}: FormProps<Advance> & { points: { documentId: string; code: string; name: string }[] }) {
  const api = useAllocationApi();
  const t = useT();
  const fmt = useFormat();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    billingPoint: existing?.billingPointRef ?? '',
    party: existing?.partyRef ?? '',
    group: existing?.group ?? 'heating',
    monthlyAmount: existing?.monthlyAmount ?? '',
    validFrom: existing?.validFrom ?? '',
    validTo: existing?.validTo ?? '',
  });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  // The advance belongs to an occupancy: its occupant pays it, from the entry to the exit by default.
  const occupancies = usePointOccupancies(draft.billingPoint);
  function chooseOccupancy(documentId: string) {
    const occupancy = occupancies.find((o) => o.documentId === documentId);
    if (!occupancy) return;
    setDraft((d) => ({
      ...d,
      party: occupancy.party.documentId,
      validFrom: d.validFrom || occupancy.entryDate,
      validTo: d.validTo || (occupancy.exitDate ?? ''),
    }));
  }
  const chosen = occupancies.find((o) => o.party.documentId === draft.party);
  function save() {
    const body = { ...draft, validTo: draft.validTo || null };
    return submit(
      () => (existing ? api.advances.update(existing.documentId, body) : api.advances.create(body)),
      existing
        ? t('allocation.advances.saved', 'Advance payment saved')
        : t('allocation.advances.created', 'Advance payment added'),
    );
  }
  return (
    <FormModal
      title={
        existing
          ? t('allocation.advances.edit', 'Edit advance payment')
          : t('allocation.advances.add', 'Add advance payment')
      }
      saveLabel={
        existing
          ? t('form.save-changes', 'Save changes')
          : t('allocation.advances.add', 'Add advance payment')
      }
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
            label={t('allocation.advances.occupancy', 'Occupancy')}
            value={chosen?.documentId ?? ''}
            onChange={chooseOccupancy}
            options={occupancies.map((o) => ({
              value: o.documentId,
              label: `${o.party.displayName} (${fmt.dateRange(o.entryDate, o.exitDate)})`,
            }))}
            error={errors.party}
            hint={t('allocation.advances.occupancy-hint', 'The occupant pays the advance')}
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
          <TextField
            name="monthlyAmount"
            label={t('allocation.advances.monthly', 'Per month')}
            value={draft.monthlyAmount}
            onChange={set('monthlyAmount')}
            error={errors.monthlyAmount}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="validFrom"
            label={t('field.valid-from', 'Valid from')}
            value={draft.validFrom}
            onChange={set('validFrom')}
            error={errors.validFrom}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="validTo"
            label={t('field.valid-to', 'Valid to')}
            value={draft.validTo}
            onChange={set('validTo')}
            error={errors.validTo}
            hint={t('allocation.advances.open-hint', 'Empty: until further notice')}
          />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
