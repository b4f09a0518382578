import { useState } from 'react';
import { Badge, Typography } from '@strapi/design-system';
import { useBillingApi, type Party } from '../../api/billing-client';
import { CellText } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useT } from '../../utils/useT';
import { emptyParty, PartyFields, partyBody, type PartyDraft } from './PartyFields';

/** Parties: the natural and legal persons who are billed (occupants, owners, badge holders). */
export function PartiesPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  const t = useT();
  const kindText = (p: Party) =>
    p.kind === 'legal'
      ? t('billing.party.legal', 'Legal person')
      : t('billing.party.natural', 'Natural person');
  const contactText = (p: Party) => [p.email, p.phone].filter(Boolean).join(' · ') || '—';
  const memberText = (p: Party) =>
    p.member === null ? '—' : t('billing.parties.member-n', 'Account #{id}', { id: p.member });
  return (
    <ResourceListPage<Party>
      title={t('billing.parties.title', 'Parties')}
      subtitle={t(
        'billing.parties.subtitle',
        'The people and companies who are billed: occupants, owners, badge holders.',
      )}
      addLabel={t('billing.parties.add', 'Add party')}
      emptyText={t('billing.parties.empty', 'No parties found.')}
      access={access}
      load={(params) => api.parties.list(params)}
      exportName="parties"
      search={{
        label: t('billing.parties.search', 'Search parties'),
        placeholder: t('billing.parties.search-placeholder', 'Search by name, email or phone'),
      }}
      rowTestId={(p) => `party-${p.documentId}`}
      itemLabel={(p) => p.displayName}
      columns={[
        {
          header: t('field.name', 'Name'),
          sort: 'displayName',
          text: (p) => p.displayName,
          cell: (p) => <CellText text={p.displayName} bold />,
        },
        {
          header: t('field.kind', 'Kind'),
          sort: 'kind',
          text: kindText,
          cell: (p) => <Badge>{kindText(p)}</Badge>,
        },
        {
          header: t('billing.parties.contact', 'Contact'),
          text: contactText,
          cell: (p) => <CellText text={contactText(p)} muted />,
        },
        {
          header: t('field.member', 'Member'),
          text: memberText,
          cell: (p) => <Typography>{memberText(p)}</Typography>,
        },
      ]}
      remove={(p) => api.parties.remove(p.documentId)}
      confirmRemove={(p) =>
        t(
          'billing.parties.confirm-delete',
          "Delete {name}? A party with occupancies, badges or invoices keeps its history and can't be deleted.",
          { name: p.displayName },
        )
      }
      removed={(p) => t('common.deleted', '{name} deleted', { name: p.displayName })}
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
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState<PartyDraft>(existing ? toDraft(existing) : emptyParty());

  const save = () =>
    submit(
      () =>
        existing
          ? api.parties.update(existing.documentId, partyBody(draft))
          : api.parties.create(partyBody(draft)),
      existing ? t('billing.parties.saved', 'Party saved') : t('billing.parties.created', 'Party created'),
    );

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.displayName })
          : t('billing.parties.add', 'Add party')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.parties.create', 'Create party')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <PartyFields draft={draft} onChange={setDraft} errors={errors} />
    </FormModal>
  );
}
