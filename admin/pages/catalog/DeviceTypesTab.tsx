import { useState } from 'react';
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
import { useCatalogApi, type DeviceType } from '../../api/catalog-client';
import { FormModal } from '../../components/FormModal';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useT } from '../../utils/useT';
import { allPages } from '../../api/all-pages';

/** Device types: the meter models the activation matrix pairs with utility types. */
export function DeviceTypesTab({ canWrite }: { canWrite: boolean }) {
  const api = useCatalogApi();
  const t = useT();
  const [editing, setEditing] = useState<DeviceType | 'new' | null>(null);
  const loaded = useLoader(async () => (await allPages((page) => api.deviceTypes.list(page))).data, [api]);
  const types = loaded.data;

  return (
    <Box>
      {canWrite && (
        <Flex paddingBottom={4}>
          <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
            {t('meters.types.add', 'Add device type')}
          </Button>
        </Flex>
      )}
      {loaded.error && <Typography textColor="danger600">{loaded.error}</Typography>}
      {types && (
        <Table colCount={5} rowCount={types.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('field.code', 'Code')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('field.name', 'Name')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('field.manufacturer', 'Manufacturer')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('list.actions', 'Actions')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {types.map((dt) => (
              <Tr key={dt.documentId} data-testid={`device-type-${dt.code}`}>
                <Td>
                  <Typography fontWeight="bold">{dt.code}</Typography>
                </Td>
                <Td>
                  <Typography>{dt.name}</Typography>
                </Td>
                <Td>
                  <Typography>{dt.manufacturer ?? ''}</Typography>
                </Td>
                <Td>
                  <Badge variant={dt.active ? 'success' : 'neutral'}>
                    {dt.active
                      ? t('channels.status.active', 'Active')
                      : t('channels.status.inactive', 'Inactive')}
                  </Badge>
                </Td>
                <Td>
                  {canWrite && (
                    <IconButton
                      label={t('list.edit', 'Edit {name}', { name: dt.name })}
                      onClick={() => setEditing(dt)}
                    >
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
            await loaded.reload();
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
  const t = useT();
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
      t('meters.types.saved', 'Device type saved'),
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
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.name })
          : t('meters.types.add', 'Add device type')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('meters.types.create', 'Create device type')
      }
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {input('code', t('field.code', 'Code'), true)}
        {input('name', t('field.name', 'Name'), true)}
        {input('manufacturer', t('field.manufacturer', 'Manufacturer'))}
        <Field.Root name="description" error={errors.description}>
          <Field.Label>{t('field.description', 'Description')}</Field.Label>
          <Textarea
            value={draft.description}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
              setDraft((d) => ({ ...d, description: e.target.value }))
            }
          />
        </Field.Root>
        <Field.Root name="active">
          <Field.Label>{t('field.active', 'Active')}</Field.Label>
          <Toggle
            onLabel={t('channels.status.active', 'Active')}
            offLabel={t('channels.status.inactive', 'Inactive')}
            checked={draft.active}
            onChange={() => setDraft((d) => ({ ...d, active: !d.active }))}
          />
        </Field.Root>
      </Flex>
    </FormModal>
  );
}
