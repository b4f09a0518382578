import { useState } from 'react';
import { Field, Flex, NumberInput, Textarea, TextInput, Toggle, Typography } from '@strapi/design-system';
import { useUtilitiesApi, type UtilityTypeBody } from '../../api/client';
import type { UtilityType } from '../../api/schemas';
import { FormModal } from '../../components/FormModal';
import type { FormProps } from '../../components/ResourceListPage';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useT } from '../../utils/useT';

type Draft = {
  code: string;
  name: string;
  description: string;
  identifierSchema: string;
  displayOrder: number;
  active: boolean;
};

const toDraft = (u: UtilityType | null): Draft => ({
  code: u?.code ?? '',
  name: u?.name ?? '',
  description: u?.description ?? '',
  identifierSchema: u?.identifierSchema ? JSON.stringify(u.identifierSchema, null, 2) : '',
  displayOrder: u?.displayOrder ?? 0,
  active: u?.active ?? true,
});

/**
 * "Add utility type" / edit dialog. The server owns every rule: the form sends
 * what was typed and shows the server's field errors inline.
 */
export function UtilityTypeForm({ existing, onClose, onSaved }: FormProps<UtilityType>) {
  const api = useUtilitiesApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState<Draft>(() => toDraft(existing));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function save() {
    const body: UtilityTypeBody = {
      name: draft.name,
      description: draft.description.trim() === '' ? null : draft.description,
      identifierSchema: draft.identifierSchema.trim() === '' ? null : draft.identifierSchema,
      displayOrder: draft.displayOrder,
      active: draft.active,
    };
    return submit(
      () =>
        existing
          ? api.utilityTypes.update(existing.documentId, body)
          : api.utilityTypes.create({ ...body, code: draft.code }),
      existing ? t('types.saved', 'Utility type saved') : t('types.created', 'Utility type created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.name })
          : t('types.add', 'Add utility type')
      }
      saveLabel={existing ? t('form.save-changes', 'Save changes') : t('types.create', 'Create type')}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Field.Root
          name="code"
          required
          error={errors.code}
          hint={
            existing
              ? t('channels.form.code-locked', "The code can't be changed once saved")
              : t(
                  'types.code-hint',
                  'Uppercase letters, digits and underscores, e.g. WATER. It cannot be changed later.',
                )
          }
        >
          <Field.Label>{t('field.code', 'Code')}</Field.Label>
          <TextInput
            value={draft.code}
            disabled={Boolean(existing)}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('code', e.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Field.Root name="name" required error={errors.name}>
          <Field.Label>{t('field.name', 'Name')}</Field.Label>
          <TextInput
            value={draft.name}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('name', e.target.value)}
          />
          <Field.Error />
        </Field.Root>
        <Field.Root name="description" error={errors.description}>
          <Field.Label>{t('field.description', 'Description')}</Field.Label>
          <Textarea
            value={draft.description}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('description', e.target.value)}
          />
          <Field.Error />
        </Field.Root>
        <Field.Root
          name="identifierSchema"
          error={errors.identifierSchema}
          hint={t('types.identifier-hint', 'Optional. Valid JSON, e.g. {example}', {
            example: '{ "fields": [{ "key": "meter_id", "label": "Meter ID" }] }',
          })}
        >
          <Field.Label>{t('types.identifier-label', 'Identifier schema (JSON)')}</Field.Label>
          <Textarea
            value={draft.identifierSchema}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('identifierSchema', e.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Field.Root
          name="displayOrder"
          error={errors.displayOrder}
          hint={t('channels.form.order-hint', 'Lower numbers come first in the list')}
        >
          <Field.Label>{t('field.display-order', 'Display order')}</Field.Label>
          <NumberInput
            value={draft.displayOrder}
            step={1}
            onValueChange={(v) => set('displayOrder', v ?? 0)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Field.Root
          name="active"
          error={errors.active}
          hint={t('types.active-hint', 'Inactive types are hidden from the activation matrix')}
        >
          <Field.Label>{t('field.active', 'Active')}</Field.Label>
          <Toggle
            onLabel={t('channels.status.active', 'Active')}
            offLabel={t('channels.status.inactive', 'Inactive')}
            checked={draft.active}
            onChange={() => set('active', !draft.active)}
          />
          <Field.Hint />
        </Field.Root>
        {Object.keys(errors).length > 0 && (
          <Typography textColor="danger600" variant="pi">
            {t('form.correct-fields', 'Please correct the highlighted fields.')}
          </Typography>
        )}
      </Flex>
    </FormModal>
  );
}
