import { useState } from 'react';
import { Button, Field, Flex, Modal, NumberInput, Textarea, TextInput, Toggle, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useUtilitiesApi, type UtilityTypeBody } from '../../api/client';
import { toApiFailure } from '../../api/errors';
import type { UtilityType } from '../../api/schemas';

type Props = { existing: UtilityType | null; onClose: () => void; onSaved: () => void };

type Draft = { code: string; name: string; description: string; identifierSchema: string; displayOrder: number; active: boolean };

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
export function UtilityTypeForm({ existing, onClose, onSaved }: Props) {
  const api = useUtilitiesApi();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState<Draft>(() => toDraft(existing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function save() {
    setSaving(true);
    setErrors({});
    const body: UtilityTypeBody = {
      name: draft.name,
      description: draft.description.trim() === '' ? null : draft.description,
      identifierSchema: draft.identifierSchema.trim() === '' ? null : draft.identifierSchema,
      displayOrder: draft.displayOrder,
      active: draft.active,
    };
    try {
      if (existing) await api.utilityTypes.update(existing.documentId, body);
      else await api.utilityTypes.create({ ...body, code: draft.code });
      toggleNotification({ type: 'success', message: existing ? 'Utility type saved' : 'Utility type created' });
      onSaved();
    } catch (error) {
      const failure = toApiFailure(error);
      setErrors(failure.fieldErrors);
      toggleNotification({ type: 'danger', message: failure.message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{existing ? `Edit ${existing.name}` : 'Add utility type'}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="code" required error={errors.code} hint={existing ? "The code can't be changed once saved" : 'Uppercase letters, digits and underscores, e.g. WATER. It cannot be changed later.'}>
              <Field.Label>Code</Field.Label>
              <TextInput value={draft.code} disabled={Boolean(existing)} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('code', e.target.value)} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="name" required error={errors.name}>
              <Field.Label>Name</Field.Label>
              <TextInput value={draft.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('name', e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="description" error={errors.description}>
              <Field.Label>Description</Field.Label>
              <Textarea value={draft.description} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('description', e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="identifierSchema" error={errors.identifierSchema} hint='Optional. Valid JSON, e.g. { "fields": [{ "key": "meter_id", "label": "Meter ID" }] }'>
              <Field.Label>Identifier schema (JSON)</Field.Label>
              <Textarea value={draft.identifierSchema} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('identifierSchema', e.target.value)} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="displayOrder" error={errors.displayOrder} hint="Lower numbers come first">
              <Field.Label>Display order</Field.Label>
              <NumberInput value={draft.displayOrder} step={1} onValueChange={(v) => set('displayOrder', v ?? 0)} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="active" error={errors.active} hint="Inactive types are hidden from the activation matrix">
              <Field.Label>Active</Field.Label>
              <Toggle onLabel="Active" offLabel="Inactive" checked={draft.active} onChange={() => set('active', !draft.active)} />
              <Field.Hint />
            </Field.Root>
            {Object.keys(errors).length > 0 && (
              <Typography textColor="danger600" variant="pi">
                Please correct the highlighted fields.
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={save} loading={saving}>
            {existing ? 'Save changes' : 'Create type'}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
