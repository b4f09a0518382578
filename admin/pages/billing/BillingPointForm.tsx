import { useState } from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption, Textarea, Toggle } from '@strapi/design-system';
import { BILLING_POINT_KINDS, useBillingApi, type BillingPoint } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { useSaveForm } from '../../hooks/useSaveForm';
import { TextField } from './fields';
import { BuildingCombobox, PartyCombobox } from '../../components/record-pickers';
import { useT } from '../../utils/useT';
import { useBillingFormat } from './format';

/** Create or edit a billing point: code, name, kind, building, its own owner (optional). */
export function BillingPointForm({
  existing,
  onClose,
  onSaved,
}: {
  existing: BillingPoint | null;
  onClose: () => void;
  onSaved: (point: BillingPoint) => void;
}) {
  const api = useBillingApi();
  const t = useT();
  const { kindLabel } = useBillingFormat();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    kind: existing?.kind ?? 'apartment',
    // No building chosen for a new one: the first in the list was too easily kept by mistake.
    building: existing?.building?.documentId ?? '',
    owner: existing?.owner?.documentId ?? null,
    active: existing?.active ?? true,
    notes: existing?.notes ?? '',
  });

  function save() {
    const body = { ...draft, notes: draft.notes || null };
    return submit(
      () => (existing ? api.billingPoints.update(existing.documentId, body) : api.billingPoints.create(body)),
      existing
        ? t('billing.points.saved', 'Billing point saved')
        : t('billing.points.created', 'Billing point created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.code })
          : t('billing.points.add', 'Add billing point')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.points.create', 'Create billing point')
      }
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="code"
            label={t('field.code', 'Code')}
            value={draft.code}
            onChange={(code) => setDraft((d) => ({ ...d, code }))}
            error={errors.code}
            hint={t('billing.points.code-hint', 'Unique, e.g. LAKE-01')}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="name"
            label={t('field.name', 'Name')}
            value={draft.name}
            onChange={(name) => setDraft((d) => ({ ...d, name }))}
            error={errors.name}
            hint={t('billing.points.name-hint', 'e.g. Ground floor apartment')}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="kind" error={errors.kind}>
            <Field.Label>{t('field.kind', 'Kind')}</Field.Label>
            <SingleSelect
              value={draft.kind}
              onChange={(v: string | number) => setDraft((d) => ({ ...d, kind: String(v) as typeof d.kind }))}
            >
              {BILLING_POINT_KINDS.map((k) => (
                <SingleSelectOption key={k} value={k}>
                  {kindLabel(k)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <BuildingCombobox
            value={draft.building || null}
            onChange={(building) => setDraft((d) => ({ ...d, building: building ?? '' }))}
            placeholder={t('billing.points.choose-building', 'Choose a building')}
            error={errors.building}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <PartyCombobox
            name="owner"
            label={t('field.owner', 'Owner')}
            value={draft.owner}
            onChange={(owner) => setDraft((d) => ({ ...d, owner }))}
            error={errors.owner}
            hint={t('billing.points.owner-hint', "Empty = the building's owner pays vacancy")}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="active">
            <Field.Label>{t('field.active', 'Active')}</Field.Label>
            <Toggle
              onLabel={t('channels.status.active', 'Active')}
              offLabel={t('channels.status.inactive', 'Inactive')}
              checked={draft.active}
              onChange={() => setDraft((d) => ({ ...d, active: !d.active }))}
            />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root name="notes" error={errors.notes}>
            <Field.Label>{t('field.notes', 'Notes')}</Field.Label>
            <Textarea
              value={draft.notes}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
                setDraft((d) => ({ ...d, notes: e.target.value }))
              }
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
