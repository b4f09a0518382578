import { useState } from 'react';
import { Badge, Typography } from '@strapi/design-system';
import { useBillingApi, type Party } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { emptyParty, PartyFields, partyBody, type PartyDraft } from './PartyFields';

/** Parties: the natural and legal persons who are billed (occupants, owners, badge holders). */
export function PartiesPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  return (
    <ResourceListPage<Party>
      title="Parties"
      subtitle="The people and companies who are billed: occupants, owners, badge holders."
      addLabel="Add party"
      emptyText="No parties found."
      access={access}
      load={({ page, q }) => api.parties.list({ q: q || undefined, page, pageSize: 25 })}
      search={{ label: 'Search parties', placeholder: 'Search by name, email or phone' }}
      rowTestId={(p) => `party-${p.documentId}`}
      itemLabel={(p) => p.displayName}
      columns={[
        { header: 'Name', cell: (p) => <Typography fontWeight="bold">{p.displayName}</Typography> },
        {
          header: 'Kind',
          cell: (p) => <Badge>{p.kind === 'legal' ? 'Legal person' : 'Natural person'}</Badge>,
        },
        {
          header: 'Contact',
          cell: (p) => (
            <Typography textColor="neutral600">
              {[p.email, p.phone].filter(Boolean).join(' · ') || '—'}
            </Typography>
          ),
        },
        {
          header: 'Member',
          cell: (p) => <Typography>{p.member === null ? '—' : `User #${p.member}`}</Typography>,
        },
      ]}
      remove={(p) => api.parties.remove(p.documentId)}
      confirmRemove={(p) =>
        `Delete ${p.displayName}? A party with occupancies, badges or invoices keeps its history and can't be deleted.`
      }
      removed={(p) => `${p.displayName} deleted`}
      form={(props) => <PartyForm {...props} />}
    />
  );
}

const toDraft = (p: Party): PartyDraft => ({
  kind: p.kind,
  firstName: p.firstName ?? '',
  lastName: p.lastName ?? '',
  companyName: p.companyName ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
  line1: p.address?.line1 ?? '',
  postalCode: p.address?.postalCode ?? '',
  city: p.address?.city ?? '',
  country: p.address?.country ?? '',
  member: p.member === null ? '' : String(p.member),
});

function PartyForm({ existing, onClose, onSaved }: FormProps<Party>) {
  const api = useBillingApi();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState<PartyDraft>(existing ? toDraft(existing) : emptyParty());

  const save = () =>
    submit(
      () =>
        existing
          ? api.parties.update(existing.documentId, partyBody(draft))
          : api.parties.create(partyBody(draft)),
      existing ? 'Party saved' : 'Party created',
    );

  return (
    <FormModal
      title={existing ? `Edit ${existing.displayName}` : 'Add party'}
      saveLabel={existing ? 'Save changes' : 'Create party'}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <PartyFields draft={draft} onChange={setDraft} errors={errors} />
    </FormModal>
  );
}
