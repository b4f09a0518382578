import { useState } from 'react';
import { Badge, Box, Button, Dialog, Flex, IconButton, Modal, SearchForm, Searchbar, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type Party } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { emptyParty, PartyFields, partyBody, type PartyDraft } from './PartyFields';
import { Pager } from '../../components/Pager';
import { useLoader } from '../../hooks/useLoader';

/** Parties: the natural and legal persons who are billed (occupants, owners, badge holders). */
export function PartiesPage() {
  const { can, isLoading } = usePluginPermissions('billing');
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoader(() => api.parties.list({ q: q || undefined, page, pageSize: 25 }), [api, q, page], can.read);
  const [editing, setEditing] = useState<Party | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Party | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function remove(party: Party) {
    try {
      await api.parties.remove(party.documentId);
      toggleNotification({ type: 'success', message: `${party.displayName} deleted` });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Page.Main>
      <Page.Title>Parties</Page.Title>
      <Layouts.Header
        title="Parties"
        subtitle="The people and companies who are billed: occupants, owners, badge holders."
        primaryAction={can.write ? <Button startIcon={<Plus />} onClick={() => setEditing('new')}>Add party</Button> : undefined}
      />
      <Layouts.Content>
        <Box paddingBottom={4}>
          <SearchForm onSubmit={(e: React.FormEvent) => e.preventDefault()}>
            <Searchbar name="q" value={q} onClear={() => setQ('')} onChange={(e: React.ChangeEvent<HTMLInputElement>) => { setQ(e.target.value); setPage(1); }} clearLabel="Clear" placeholder="Search by name, email or phone">
              Search parties
            </Searchbar>
          </SearchForm>
        </Box>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <>
            <Table colCount={5} rowCount={data.data.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Name</Typography></Th>
                  <Th><Typography variant="sigma">Kind</Typography></Th>
                  <Th><Typography variant="sigma">Contact</Typography></Th>
                  <Th><Typography variant="sigma">Member</Typography></Th>
                  <Th><Typography variant="sigma">Actions</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.length === 0 && <Tr><Td colSpan={5}><Typography>No parties found.</Typography></Td></Tr>}
                {data.data.map((p) => (
                  <Tr key={p.documentId} data-testid={`party-${p.documentId}`}>
                    <Td><Typography fontWeight="bold">{p.displayName}</Typography></Td>
                    <Td><Badge>{p.kind === 'legal' ? 'Legal person' : 'Natural person'}</Badge></Td>
                    <Td><Typography textColor="neutral600">{[p.email, p.phone].filter(Boolean).join(' · ') || '—'}</Typography></Td>
                    <Td><Typography>{p.member === null ? '—' : `User #${p.member}`}</Typography></Td>
                    <Td>
                      {can.write && (
                        <Flex gap={1}>
                          <IconButton label={`Edit ${p.displayName}`} onClick={() => setEditing(p)}><Pencil /></IconButton>
                          <IconButton label={`Delete ${p.displayName}`} onClick={() => setDeleting(p)}><Trash /></IconButton>
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
        <PartyForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && <ConfirmDialog onConfirm={() => remove(deleting)}>{`Delete ${deleting.displayName}? A party with occupancies, badges or invoices keeps its history and can't be deleted.`}</ConfirmDialog>}
      </Dialog.Root>
    </Page.Main>
  );
}


function PartyForm({ existing, onClose, onSaved }: { existing: Party | null; onClose: () => void; onSaved: () => void }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState<PartyDraft>(
    existing
      ? {
          kind: existing.kind,
          firstName: existing.firstName ?? '',
          lastName: existing.lastName ?? '',
          companyName: existing.companyName ?? '',
          email: existing.email ?? '',
          phone: existing.phone ?? '',
          line1: existing.address?.line1 ?? '',
          postalCode: existing.address?.postalCode ?? '',
          city: existing.address?.city ?? '',
          country: existing.address?.country ?? '',
          member: existing.member === null ? '' : String(existing.member),
        }
      : emptyParty(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    setErrors({});
    try {
      if (existing) await api.parties.update(existing.documentId, partyBody(draft));
      else await api.parties.create(partyBody(draft));
      toggleNotification({ type: 'success', message: existing ? 'Party saved' : 'Party created' });
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
        <Modal.Header><Modal.Title>{existing ? `Edit ${existing.displayName}` : 'Add party'}</Modal.Title></Modal.Header>
        <Modal.Body>
          <PartyFields draft={draft} onChange={setDraft} errors={errors} />
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close><Button variant="tertiary">Cancel</Button></Modal.Close>
          <Button onClick={save} loading={saving}>{existing ? 'Save changes' : 'Create party'}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
