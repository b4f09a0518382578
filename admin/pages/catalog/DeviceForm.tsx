import { useMemo, useState } from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption, TextInput, Toggle } from '@strapi/design-system';
import {
  useCatalogApi,
  type ActivationMatrix,
  type Device,
  type DeviceBody,
  type DeviceType,
} from '../../api/catalog-client';
import { FormModal } from '../../components/FormModal';
import { useSaveForm } from '../../hooks/useSaveForm';
import { parseDecimalInput } from '../../utils/format';
import { useT } from '../../utils/useT';

type Props = {
  existing: Device | null;
  deviceTypes: DeviceType[];
  matrix: ActivationMatrix | null;
  onClose: () => void;
  onSaved: () => void;
};

const NONE = '__none__';

/**
 * Create or edit a meter. The utility-type choices are those paired with the
 * chosen device type (the server enforces the same rule and explains a refusal).
 */
export function DeviceForm({ existing, deviceTypes, matrix, onClose, onSaved }: Props) {
  const api = useCatalogApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    meterNumber: existing?.meterNumber ?? '',
    label: existing?.label ?? '',
    deviceType: existing?.deviceType?.documentId ?? NONE,
    utilityType: existing?.utilityType?.documentId ?? NONE,
    registers: (existing?.registers ?? ['1']).join(', '),
    unit: existing?.unit ?? '',
    multiplier: existing?.multiplier ?? '1',
    rolloverAt: existing?.rolloverAt ?? '',
    active: existing?.active ?? true,
  });
  const set = (key: keyof typeof draft, value: string | boolean) => setDraft((d) => ({ ...d, [key]: value }));

  const utilityChoices = useMemo(() => {
    const paired = (matrix?.utilityTypes ?? []).filter((u) =>
      u.deviceTypes.some((d) => d.documentId === draft.deviceType),
    );
    // Keep the current tag visible even when its pairing was removed ("not activated").
    if (existing?.utilityType && !paired.some((u) => u.documentId === existing.utilityType!.documentId)) {
      return [...paired, { ...existing.utilityType, displayOrder: 0, deviceTypes: [] }];
    }
    return paired;
  }, [matrix, draft.deviceType, existing]);

  function save() {
    const body: DeviceBody = {
      meterNumber: draft.meterNumber,
      label: draft.label.trim() || null,
      deviceType: draft.deviceType === NONE ? null : draft.deviceType,
      utilityType: draft.utilityType === NONE ? null : draft.utilityType,
      registers: draft.registers
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      unit: draft.unit.trim() || null,
      multiplier: parseDecimalInput(draft.multiplier, t.locale),
      rolloverAt: parseDecimalInput(draft.rolloverAt, t.locale) || null,
      active: draft.active,
    };
    return submit(
      () => (existing ? api.devices.update(existing.documentId, body) : api.devices.create(body)),
      existing ? t('meters.saved', 'Device saved') : t('meters.created', 'Device created'),
    );
  }

  const text = (key: keyof typeof draft, label: string, hint?: string, required = false) => (
    <Field.Root name={key} error={errors[key]} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={draft[key] as string}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  return (
    <FormModal
      title={
        existing
          ? t('meters.edit-title', 'Edit meter {number}', { number: existing.meterNumber })
          : t('meters.add', 'Add device')
      }
      saveLabel={existing ? t('form.save-changes', 'Save changes') : t('meters.create', 'Create device')}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text(
            'meterNumber',
            t('field.meter-number', 'Meter number'),
            t('meters.number-hint', 'Readings follow the meter number'),
            true,
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text(
            'label',
            t('field.label', 'Label'),
            t('meters.label-hint', 'Rename the meter here, e.g. “Kitchen cold water”'),
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="deviceType" error={errors.deviceType}>
            <Field.Label>{t('meters.col.device-type', 'Device type')}</Field.Label>
            <SingleSelect
              value={draft.deviceType}
              onChange={(v: string | number) =>
                setDraft((d) => ({ ...d, deviceType: String(v), utilityType: NONE }))
              }
            >
              <SingleSelectOption value={NONE}>{t('common.none', 'None')}</SingleSelectOption>
              {deviceTypes.map((d) => (
                <SingleSelectOption key={d.documentId} value={d.documentId}>
                  {d.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root
            name="utilityType"
            error={errors.utilityType}
            hint={t('meters.utility-hint', 'Only utility types activated for the device type')}
          >
            <Field.Label>{t('field.utility-type', 'Utility type')}</Field.Label>
            <SingleSelect
              value={draft.utilityType}
              onChange={(v: string | number) => set('utilityType', String(v))}
            >
              <SingleSelectOption value={NONE}>{t('common.none', 'None')}</SingleSelectOption>
              {utilityChoices.map((u) => (
                <SingleSelectOption key={u.documentId} value={u.documentId}>
                  {u.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text(
            'registers',
            t('meters.registers', 'Registers'),
            t('meters.registers-hint', 'Comma-separated register codes, e.g. 1.8.1, 1.8.2'),
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text('unit', t('field.unit', 'Unit'), t('meters.unit-hint', 'e.g. m³, kWh'))}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text(
            'multiplier',
            t('meters.multiplier', 'Multiplier'),
            t('meters.multiplier-hint', 'Register value × multiplier = quantity'),
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {text(
            'rolloverAt',
            t('meters.rollover', 'Rollover value'),
            t('meters.rollover-hint', 'The count at which the register wraps to zero'),
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="active">
            <Field.Label>{t('field.active', 'Active')}</Field.Label>
            <Toggle
              onLabel={t('channels.status.active', 'Active')}
              offLabel={t('channels.status.inactive', 'Inactive')}
              checked={draft.active}
              onChange={() => set('active', !draft.active)}
            />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
