import { useState } from 'react';
import { Button, Dialog, Flex, Grid, IconButton, Modal, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type Building } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { PartyPicker, TextField } from './fields';
import { useLoader } from '../../hooks/useLoader';

/** Buildings: code, name, address, owner (pays vacancy by default) and the time zone of its calendar. */
export function BuildingsPage() {
  const { can, isLoading } = usePluginPermissions('billing');
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const { data, error, reload } = useLoader(() => api.buildings.list({ pageSize: 100 }), [api], can.read);
  const [editing, setEditing] = useState<Building | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Building | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function remove(building: Building) {
    try {
      await api.buildings.remove(building.documentId);
      toggleNotification({ type: 'success', message: `${building.name} deleted` });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Page.Main>
      <Page.Title>Buildings</Page.Title>
      <Layouts.Header
        title="Buildings"
        subtitle="Where billing points are. A building's time zone decides which day a reading belongs to."
        primaryAction={can.write ? <Button startIcon={<Plus />} onClick={() => setEditing('new')}>Add building</Button> : undefined}
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <Table colCount={6} rowCount={data.data.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Code</Typography></Th>
                <Th><Typography variant="sigma">Name</Typography></Th>
                <Th><Typography variant="sigma">Address</Typography></Th>
                <Th><Typography variant="sigma">Owner</Typography></Th>
                <Th><Typography variant="sigma">Time zone</Typography></Th>
                <Th><Typography variant="sigma">Actions</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.data.length === 0 && (
                <Tr><Td colSpan={6}><Typography>No buildings yet.</Typography></Td></Tr>
              )}
              {data.data.map((b) => (
                <Tr key={b.documentId} data-testid={`building-${b.code}`}>
                  <Td><Typography fontWeight="bold">{b.code}</Typography></Td>
                  <Td><Typography>{b.name}</Typography></Td>
                  <Td><Typography textColor="neutral600">{b.address ? [b.address.line1, [b.address.postalCode, b.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '—'}</Typography></Td>
                  <Td><Typography>{b.owner?.displayName ?? '—'}</Typography></Td>
                  <Td><Typography>{b.timezone}</Typography></Td>
                  <Td>
                    {can.write && (
                      <Flex gap={1}>
                        <IconButton label={`Edit ${b.name}`} onClick={() => setEditing(b)}><Pencil /></IconButton>
                        <IconButton label={`Delete ${b.name}`} onClick={() => setDeleting(b)}><Trash /></IconButton>
                      </Flex>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      {editing && (
        <BuildingForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && <ConfirmDialog onConfirm={() => remove(deleting)}>{`Delete building ${deleting.name}? Only a building without billing points can be deleted.`}</ConfirmDialog>}
      </Dialog.Root>
    </Page.Main>
  );
}

function BuildingForm({ existing, onClose, onSaved }: { existing: Building | null; onClose: () => void; onSaved: () => void }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    line1: existing?.address?.line1 ?? '',
    line2: existing?.address?.line2 ?? '',
    postalCode: existing?.address?.postalCode ?? '',
    city: existing?.address?.city ?? '',
    country: existing?.address?.country ?? '',
    timezone: existing?.timezone ?? '',
    owner: existing?.owner?.documentId ?? null,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = (key: keyof typeof draft) => (value: string | null) => setDraft((d) => ({ ...d, [key]: value }));

  async function save() {
    setSaving(true);
    setErrors({});
    const hasAddress = [draft.line1, draft.line2, draft.postalCode, draft.city, draft.country].some((v) => v.trim());
    const body: Record<string, unknown> = {
      code: draft.code,
      name: draft.name,
      owner: draft.owner,
      address: hasAddress ? { line1: draft.line1, line2: draft.line2 || null, postalCode: draft.postalCode || null, city: draft.city || null, country: draft.country || null } : null,
      ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}),
    };
    try {
      if (existing) await api.buildings.update(existing.documentId, body);
      else await api.buildings.create(body);
      toggleNotification({ type: 'success', message: existing ? 'Building saved' : 'Building created' });
      onSaved();
    } catch (failure) {
      const f = toApiFailure(failure);
      setErrors(f.fieldErrors);
      toggleNotification({ type: 'danger', message: f.message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header><Modal.Title>{existing ? `Edit ${existing.name}` : 'Add building'}</Modal.Title></Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="code" label="Code" value={draft.code} onChange={set('code')} error={errors.code} hint="Uppercase letters, digits and . _ -" required /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="name" label="Name" value={draft.name} onChange={set('name')} error={errors.name} required /></Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch"><TextField name="line1" label="Street and number" value={draft.line1} onChange={set('line1')} error={errors.address} /></Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch"><TextField name="line2" label="Address line 2" value={draft.line2} onChange={set('line2')} /></Grid.Item>
            <Grid.Item col={4} direction="column" alignItems="stretch"><TextField name="postalCode" label="Postal code" value={draft.postalCode} onChange={set('postalCode')} /></Grid.Item>
            <Grid.Item col={5} direction="column" alignItems="stretch"><TextField name="city" label="City" value={draft.city} onChange={set('city')} /></Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch"><TextField name="country" label="Country" value={draft.country} onChange={set('country')} hint="e.g. CH" /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <PartyPicker api={api} name="owner" label="Owner" value={draft.owner} initial={existing?.owner} onChange={set('owner')} error={errors.owner} hint="Pays for vacant billing points without an owner of their own" />
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <TextField name="timezone" label="Time zone" value={draft.timezone} onChange={set('timezone')} error={errors.timezone} hint="IANA zone, e.g. Europe/Zurich; empty = the plugin default" />
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close><Button variant="tertiary">Cancel</Button></Modal.Close>
          <Button onClick={save} loading={saving}>{existing ? 'Save changes' : 'Create building'}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
