import { useState } from 'react';
import { Badge as StatusBadge, Box, Button, Dialog, Field, Flex, Grid, IconButton, Modal, Table, Tbody, Td, Th, Thead, Toggle, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type Badge } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { DateField, PartyPicker, TextField } from './fields';
import { formatDate } from './format';
import { Pager } from '../../components/Pager';
import { useLoader } from '../../hooks/useLoader';

/**
 * RFID badges for charging stations and laundry rooms. UIDs are stored
 * normalised (upper-case hex, no separators) — type them any way a reader prints them.
 */
export function BadgesPage() {
  const { can, isLoading } = usePluginPermissions('billing');
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoader(() => api.badges.list({ page, pageSize: 25 }), [api, page], can.read);
  const [editing, setEditing] = useState<Badge | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Badge | null>(null);
  const [lookup, setLookup] = useState({ uid: '', at: '' });
  const [found, setFound] = useState<string | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function remove(badge: Badge) {
    try {
      await api.badges.remove(badge.documentId);
      toggleNotification({ type: 'success', message: `Badge ${badge.uid} deleted` });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setDeleting(null);
    }
  }

  async function runLookup() {
    try {
      const res = await api.badges.lookup(lookup.uid, lookup.at || undefined);
      setFound(`${res.uid} is held by ${res.party?.displayName ?? 'an unknown party'} on ${formatDate(res.date)}`);
    } catch (failure) {
      setFound(toApiFailure(failure).message);
    }
  }

  return (
    <Page.Main>
      <Page.Title>RFID badges</Page.Title>
      <Layouts.Header
        title="RFID badges"
        subtitle="Badges identify who uses a charging station or a laundry machine."
        primaryAction={can.write ? <Button startIcon={<Plus />} onClick={() => setEditing('new')}>Add badge</Button> : undefined}
      />
      <Layouts.Content>
        <Box padding={4} marginBottom={4} background="neutral0" hasRadius shadow="tableShadow">
          <Flex gap={4} alignItems="flex-end">
            <TextField name="lookupUid" label="Who holds badge…" value={lookup.uid} onChange={(uid) => setLookup((l) => ({ ...l, uid }))} placeholder="04:A3:2B:1C" />
            <DateField name="lookupAt" label="On" value={lookup.at} onChange={(at) => setLookup((l) => ({ ...l, at }))} hint="Empty = today" />
            <Button variant="secondary" onClick={runLookup} disabled={!lookup.uid.trim()}>Look up</Button>
          </Flex>
          {found && <Box paddingTop={2}><Typography data-testid="badge-lookup-result">{found}</Typography></Box>}
        </Box>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <>
            <Table colCount={6} rowCount={data.data.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">UID</Typography></Th>
                  <Th><Typography variant="sigma">Label</Typography></Th>
                  <Th><Typography variant="sigma">Holder</Typography></Th>
                  <Th><Typography variant="sigma">Valid</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Actions</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.length === 0 && <Tr><Td colSpan={6}><Typography>No badges yet.</Typography></Td></Tr>}
                {data.data.map((b) => (
                  <Tr key={b.documentId} data-testid={`badge-${b.uid}`}>
                    <Td><Typography fontWeight="bold">{b.uid}</Typography></Td>
                    <Td><Typography>{b.label ?? '—'}</Typography></Td>
                    <Td><Typography>{b.party?.displayName ?? '—'}</Typography></Td>
                    <Td><Typography>{b.validFrom || b.validTo ? `${formatDate(b.validFrom, 'always')} – ${formatDate(b.validTo, 'open')}` : 'Always'}</Typography></Td>
                    <Td><StatusBadge active={b.active}>{b.active ? 'Active' : 'Deactivated'}</StatusBadge></Td>
                    <Td>
                      {can.write && (
                        <Flex gap={1}>
                          <IconButton label={`Edit badge ${b.uid}`} onClick={() => setEditing(b)}><Pencil /></IconButton>
                          <IconButton label={`Delete badge ${b.uid}`} onClick={() => setDeleting(b)}><Trash /></IconButton>
                        </Flex>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Pager page={page} pageCount={data.meta.pagination.pageCount} onPage={setPage} />
          </>
        )}
      </Layouts.Content>
      {editing && (
        <BadgeForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && <ConfirmDialog onConfirm={() => remove(deleting)}>{`Delete badge ${deleting.uid}? To stop a lost badge, deactivate it instead: its past uses stay attributed.`}</ConfirmDialog>}
      </Dialog.Root>
    </Page.Main>
  );
}

function BadgeForm({ existing, onClose, onSaved }: { existing: Badge | null; onClose: () => void; onSaved: () => void }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState({
    uid: existing?.uid ?? '',
    party: existing?.party?.documentId ?? null,
    label: existing?.label ?? '',
    validFrom: existing?.validFrom ?? '',
    validTo: existing?.validTo ?? '',
    active: existing?.active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    setErrors({});
    const body = { uid: draft.uid, party: draft.party, label: draft.label || null, validFrom: draft.validFrom || null, validTo: draft.validTo || null, active: draft.active };
    try {
      if (existing) await api.badges.update(existing.documentId, body);
      else await api.badges.create(body);
      toggleNotification({ type: 'success', message: existing ? 'Badge saved' : 'Badge created' });
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
        <Modal.Header><Modal.Title>{existing ? `Edit badge ${existing.uid}` : 'Add badge'}</Modal.Title></Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <TextField name="uid" label="UID" value={draft.uid} onChange={(uid) => setDraft((d) => ({ ...d, uid }))} error={errors.uid} hint="Hex, any separators: 04:A3:2B:1C" required />
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <TextField name="label" label="Label" value={draft.label} onChange={(label) => setDraft((d) => ({ ...d, label }))} error={errors.label} hint="e.g. Laundry card 3" />
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <PartyPicker api={api} name="party" label="Holder" value={draft.party} initial={existing?.party} onChange={(party) => setDraft((d) => ({ ...d, party }))} error={errors.party} required />
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <DateField name="validFrom" label="Valid from" value={draft.validFrom} onChange={(validFrom) => setDraft((d) => ({ ...d, validFrom }))} error={errors.validFrom} />
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <DateField name="validTo" label="Valid to" value={draft.validTo} onChange={(validTo) => setDraft((d) => ({ ...d, validTo }))} error={errors.validTo} hint="Last day included" />
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="active">
                <Field.Label>Active</Field.Label>
                <Toggle onLabel="Active" offLabel="Deactivated" checked={draft.active} onChange={() => setDraft((d) => ({ ...d, active: !d.active }))} />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close><Button variant="tertiary">Cancel</Button></Modal.Close>
          <Button onClick={save} loading={saving}>{existing ? 'Save changes' : 'Create badge'}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
