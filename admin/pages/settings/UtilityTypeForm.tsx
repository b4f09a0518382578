import { useState } from 'react';
import { Field, Flex, NumberInput, Textarea, TextInput, Toggle, Typography } from '@strapi/design-system';
import { useUtilitiesApi, type UtilityTypeBody } from '../../api/client';
import type { UtilityType } from '../../api/schemas';
import { FormModal } from '../../components/FormModal';
import type { FormProps } from '../../components/ResourceListPage';
import { useSaveForm } from '../../hooks/useSaveForm';

type Draft = {
  code: string;
  name: string;
  description: string;
  identifierSchema: string;
  displayOrder: number;
  active: boolean;
};

const toDraft = (t: UtilityType | null): Draft => ({
  code: t?.code ?? '',
  name: t?.name ?? '',
  description: t?.description ?? '',
  identifierSchema: t?.identifierSchema ? JSON.stringify(t.identifierSchema, null, 2) : '',
  displayOrder: t?.displayOrder ?? 0,
  active: t?.active ?? true,
});

/**
 * "Add utility type" / edit dialog. The server owns every rule: the form sends
 * what was typed and shows the server's field errors inline.
 */
export function UtilityTypeForm({ existing, onClose, onSaved }: FormProps<UtilityType>) {
  const api = useUtilitiesApi();
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
      existing ? 'Utility type saved' : 'Utility type created',
    );
  }

  return (
    <FormModal
      title={existing ? `Edit ${existing.name}` : 'Add utility type'}
      saveLabel={existing ? 'Save changes' : 'Create type'}
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
              ? "The code can't be changed once saved"
              : 'Uppercase letters, digits and underscores, e.g. WATER. It cannot be changed later.'
          }
        >
          <Field.Label>Code</Field.Label>
          <TextInput
            value={draft.code}
            disabled={Boolean(existing)}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('code', e.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Field.Root name="name" required error={errors.name}>
          <Field.Label>Name</Field.Label>
          <TextInput
            value={draft.name}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('name', e.target.value)}
          />
          <Field.Error />
        </Field.Root>
        <Field.Root name="description" error={errors.description}>
          <Field.Label>Description</Field.Label>
          <Textarea
            value={draft.description}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('description', e.target.value)}
          />
          <Field.Error />
        </Field.Root>
        <Field.Root
          name="identifierSchema"
          error={errors.identifierSchema}
          hint='Optional. Valid JSON, e.g. { "fields": [{ "key": "meter_id", "label": "Meter ID" }] }'
        >
          <Field.Label>Identifier schema (JSON)</Field.Label>
          <Textarea
            value={draft.identifierSchema}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('identifierSchema', e.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Field.Root name="displayOrder" error={errors.displayOrder} hint="Lower numbers come first">
          <Field.Label>Display order</Field.Label>
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
          hint="Inactive types are hidden from the activation matrix"
        >
          <Field.Label>Active</Field.Label>
          <Toggle
            onLabel="Active"
            offLabel="Inactive"
            checked={draft.active}
            onChange={() => set('active', !draft.active)}
          />
          <Field.Hint />
        </Field.Root>
        {Object.keys(errors).length > 0 && (
          <Typography textColor="danger600" variant="pi">
            Please correct the highlighted fields.
          </Typography>
        )}
      </Flex>
    </FormModal>
  );
}
