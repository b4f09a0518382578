import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useAllocationApi, type Measurement, type MeasuredKey } from '../../api/allocation-client';
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

export const MEASURED_KEY_LABELS: Record<MeasuredKey, MessageDescriptor> = {
  heat: msg('allocation.measured.heat', 'Heat (kWh)'),
  'hot-water': msg('allocation.measured.hot-water', 'Hot water (m³)'),
  'cold-water': msg('allocation.measured.cold-water', 'Cold water (m³)'),
};

/**
 * Measured keys entered by hand: a billing point's heat, hot-water or
 * cold-water consumption from one date to another, as the heat-cost
 * meters' annual reading reports it. A settlement may instead read a key from
 * the meters' readings (New settlement → utility type per key); then the
 * figures of that key entered here are not used.
 */
export function MeasurementsPage() {
  const api = useAllocationApi();
  const access = readWriteAccess(usePluginPermissions('allocation'));
  const t = useT();
  const fmt = useFormat();
  const [building, setBuilding] = useBuildingChoice();
  const { points, name } = useBuildingPoints(building);
  const label = (m: Measurement) => `${name(m.billingPointRef)} ${t(MEASURED_KEY_LABELS[m.key])}`;
  return (
    <ResourceListPage<Measurement>
      key={building}
      navigationAction={<AllocationNav t={t} />}
      title={t('allocation.measurements.title', 'Meter figures')}
      subtitle={t(
        'allocation.measurements.subtitle',
        'The consumption of each billing point’s heat, hot-water and cold-water meters over the period, for the costs shared by consumption.',
      )}
      addLabel={t('allocation.measurements.add', 'Add meter figure')}
      emptyText={t('allocation.measurements.empty', 'No meter figures for this building yet.')}
      access={{ ...access, can: { ...access.can, create: access.can.create && !!building } }}
      aboveTable={<BuildingPicker value={building} onChange={setBuilding} />}
      load={({ page }) =>
        building
          ? api.measurements.list({ building, page, pageSize: 50, sort: 'from:asc' })
          : Promise.resolve(NO_ROWS)
      }
      exportName="meter-figures"
      rowTestId={(m) => `measurement-${m.documentId}`}
      itemLabel={label}
      columns={[
        {
          header: t('allocation.billing-point', 'Billing point'),
          cell: (m) => <Typography>{name(m.billingPointRef)}</Typography>,
          text: (m) => name(m.billingPointRef),
        },
        {
          header: t('allocation.key', 'Allocation key'),
          cell: (m) => <Typography>{t(MEASURED_KEY_LABELS[m.key])}</Typography>,
          text: (m) => t(MEASURED_KEY_LABELS[m.key]),
        },
        {
          header: t('allocation.period', 'Period'),
          cell: (m) => <Typography>{fmt.dateRange(m.from, m.to)}</Typography>,
          text: (m) => fmt.dateRange(m.from, m.to),
        },
        {
          header: t('allocation.measurements.consumption', 'Consumption'),
          cell: (m) => <Typography>{fmt.number(m.consumption, 3)}</Typography>,
          text: (m) => fmt.number(m.consumption, 3),
        },
        {
          header: t('field.meter-number', 'Meter number'),
          cell: (m) => <Typography>{m.meterNumber ?? '—'}</Typography>,
          text: (m) => m.meterNumber ?? '',
        },
      ]}
      remove={(m) => api.measurements.remove(m.documentId)}
      confirmRemove={(m) =>
        t('allocation.measurements.confirm-delete', 'Delete the meter figure {name}?', { name: label(m) })
      }
      removed={() => t('allocation.measurements.deleted', 'Meter figure deleted')}
      form={(props) => <MeasurementForm {...props} points={points} />}
    />
  );
}

function MeasurementForm({
  existing,
  onClose,
  onSaved,
  points,
}: FormProps<Measurement> & { points: { documentId: string; code: string; name: string }[] }) {
  const api = useAllocationApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    billingPoint: existing?.billingPointRef ?? '',
    key: existing?.key ?? 'heat',
    from: existing?.from ?? '',
    to: existing?.to ?? '',
    consumption: existing?.consumption ?? '',
    meterNumber: existing?.meterNumber ?? '',
  });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  function save() {
    const body = { ...draft, meterNumber: draft.meterNumber || null };
    return submit(
      () => (existing ? api.measurements.update(existing.documentId, body) : api.measurements.create(body)),
      existing
        ? t('allocation.measurements.saved', 'Meter figure saved')
        : t('allocation.measurements.created', 'Meter figure added'),
    );
  }
  return (
    <FormModal
      title={
        existing
          ? t('allocation.measurements.edit', 'Edit meter figure')
          : t('allocation.measurements.add', 'Add meter figure')
      }
      saveLabel={
        existing
          ? t('form.save-changes', 'Save changes')
          : t('allocation.measurements.add', 'Add meter figure')
      }
      saving={saving}
      saveDisabled={!draft.billingPoint}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <FormCell>
          <SelectField
            name="billingPoint"
            label={t('allocation.billing-point', 'Billing point')}
            value={draft.billingPoint}
            onChange={set('billingPoint')}
            options={points.map((p) => ({ value: p.documentId, label: `${p.code} ${p.name}` }))}
            error={errors.billingPoint}
            required
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="key"
            label={t('allocation.key', 'Allocation key')}
            value={draft.key}
            onChange={set('key')}
            options={Object.entries(MEASURED_KEY_LABELS).map(([value, l]) => ({ value, label: t(l) }))}
            error={errors.key}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="from"
            label={t('field.from', 'From')}
            value={draft.from}
            onChange={set('from')}
            error={errors.from}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="to"
            label={t('field.to', 'To')}
            value={draft.to}
            onChange={set('to')}
            error={errors.to}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="consumption"
            label={t('allocation.measurements.consumption', 'Consumption')}
            value={draft.consumption}
            onChange={set('consumption')}
            error={errors.consumption}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="meterNumber"
            label={t('field.meter-number', 'Meter number')}
            value={draft.meterNumber}
            onChange={set('meterNumber')}
            error={errors.meterNumber}
          />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
