import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Toggle,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Pencil, Plus } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useCatalogApi, type DeviceType } from '../../api/catalog-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { useSaveForm } from '../../hooks/useSaveForm';

/** Device types: the meter models the activation matrix pairs with utility types. */
export function DeviceTypesTab({ canWrite }: { canWrite: boolean }) {
  const api = useCatalogApi();
  const { toggleNotification } = useNotification();
  const [types, setTypes] = useState<DeviceType[] | null>(null);
  const [editing, setEditing] = useState<DeviceType | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      setTypes((await api.deviceTypes.list({ pageSize: 100 })).data);
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error).message });
    }
  }, [api, toggleNotification]);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <Box>
      {canWrite && (
        <Flex paddingBottom={4}>
          <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
            Add device type
          </Button>
        </Flex>
      )}
      {types && (
        <Table colCount={5} rowCount={types.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">Code</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Name</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Manufacturer</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Status</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Actions</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {types.map((t) => (
              <Tr key={t.documentId} data-testid={`device-type-${t.code}`}>
                <Td>
                  <Typography fontWeight="bold">{t.code}</Typography>
                </Td>
                <Td>
                  <Typography>{t.name}</Typography>
                </Td>
                <Td>
                  <Typography>{t.manufacturer ?? ''}</Typography>
                </Td>
                <Td>
                  <Badge active={t.active}>{t.active ? 'Active' : 'Inactive'}</Badge>
                </Td>
                <Td>
                  {canWrite && (
                    <IconButton label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                      <Pencil />
                    </IconButton>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {editing && (
        <DeviceTypeForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await load();
          }}
        />
      )}
    </Box>
  );
}

function DeviceTypeForm({
  existing,
  onClose,
  onSaved,
}: {
  existing: DeviceType | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useCatalogApi();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    manufacturer: existing?.manufacturer ?? '',
    description: existing?.description ?? '',
    active: existing?.active ?? true,
  });

  function save() {
    const body = {
      name: draft.name,
      manufacturer: draft.manufacturer || null,
      description: draft.description || null,
      active: draft.active,
    };
    return submit(
      () =>
        existing
          ? api.deviceTypes.update(existing.documentId, body)
          : api.deviceTypes.create({ ...body, code: draft.code }),
      'Device type saved',
    );
  }

  const input = (key: 'code' | 'name' | 'manufacturer', label: string, required = false) => (
    <Field.Root name={key} error={errors[key]} required={required}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={draft[key]}
        disabled={key === 'code' && Boolean(existing)}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          setDraft((d) => ({ ...d, [key]: e.target.value }))
        }
      />
      <Field.Error />
    </Field.Root>
  );

  return (
    <FormModal
      title={existing ? `Edit ${existing.name}` : 'Add device type'}
      saveLabel={existing ? 'Save changes' : 'Create device type'}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {input('code', 'Code', true)}
        {input('name', 'Name', true)}
        {input('manufacturer', 'Manufacturer')}
        <Field.Root name="description" error={errors.description}>
          <Field.Label>Description</Field.Label>
          <Textarea
            value={draft.description}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
              setDraft((d) => ({ ...d, description: e.target.value }))
            }
          />
        </Field.Root>
        <Field.Root name="active">
          <Field.Label>Active</Field.Label>
          <Toggle
            onLabel="Active"
            offLabel="Inactive"
            checked={draft.active}
            onChange={() => setDraft((d) => ({ ...d, active: !d.active }))}
          />
        </Field.Root>
      </Flex>
    </FormModal>
  );
}
