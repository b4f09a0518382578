import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Dialog, Flex, IconButton, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useUtilitiesApi } from '../../api/client';
import { toApiFailure } from '../../api/errors';
import type { UtilityType } from '../../api/schemas';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { UtilityTypeForm } from './UtilityTypeForm';

/** Settings → Utilities → Utility types (the guide's "Define utility types"). */
export default function UtilityTypesPage() {
  const { can, isLoading: loadingPermissions } = usePluginPermissions('types');
  const api = useUtilitiesApi();
  const { toggleNotification } = useNotification();
  const [types, setTypes] = useState<UtilityType[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [editing, setEditing] = useState<UtilityType | 'new' | null>(null);
  const [deleting, setDeleting] = useState<UtilityType | null>(null);

  const load = useCallback(async () => {
    try {
      setTypes((await api.utilityTypes.list({ pageSize: 100 })).data);
      setFailed(null);
    } catch (error) {
      setFailed(toApiFailure(error).message);
    }
  }, [api]);

  useEffect(() => {
    if (can.read) load();
  }, [can.read, load]);

  async function remove(type: UtilityType) {
    try {
      await api.utilityTypes.remove(type.documentId);
      toggleNotification({ type: 'success', message: `${type.name} deleted` });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error).message });
    } finally {
      setDeleting(null);
    }
  }

  if (loadingPermissions) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>Utility types</Page.Title>
      <Layouts.Header
        title="Utility types"
        subtitle="The kinds of metered service you track: water, electricity, gas…"
        primaryAction={
          can.create ? (
            <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
              Add utility type
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {failed && <Typography textColor="danger600">{failed}</Typography>}
        {!types && !failed && <Page.Loading />}
        {types && (
          <Table colCount={6} rowCount={types.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Code</Typography></Th>
                <Th><Typography variant="sigma">Name</Typography></Th>
                <Th><Typography variant="sigma">Description</Typography></Th>
                <Th><Typography variant="sigma">Display order</Typography></Th>
                <Th><Typography variant="sigma">Status</Typography></Th>
                <Th><Typography variant="sigma">Actions</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {types.length === 0 && (
                <Tr>
                  <Td colSpan={6}>
                    <Typography>No utility types yet.</Typography>
                  </Td>
                </Tr>
              )}
              {types.map((type) => (
                <Tr key={type.documentId} data-testid={`utility-type-${type.code}`}>
                  <Td><Typography fontWeight="bold">{type.code}</Typography></Td>
                  <Td><Typography>{type.name}</Typography></Td>
                  <Td><Typography textColor="neutral600">{type.description ?? ''}</Typography></Td>
                  <Td><Typography>{type.displayOrder}</Typography></Td>
                  <Td>
                    <Badge active={type.active}>{type.active ? 'Active' : 'Inactive'}</Badge>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      {can.update && (
                        <IconButton label={`Edit ${type.name}`} onClick={() => setEditing(type)}>
                          <Pencil />
                        </IconButton>
                      )}
                      {can.delete && (
                        <IconButton label={`Delete ${type.name}`} onClick={() => setDeleting(type)}>
                          <Trash />
                        </IconButton>
                      )}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      {editing && (
        <UtilityTypeForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await load();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => remove(deleting)}>
            {`Delete ${deleting.name}? This cannot be undone. To retire a type but keep its history, deactivate it instead.`}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}
