import { useState } from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useBillingApi, type Building } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useT } from '../../utils/useT';
import { TextField } from './fields';
import { PartyCombobox } from '../../components/record-pickers';

/** Buildings: code, name, address, owner (pays vacancy by default) and the time zone of its calendar. */
export function BuildingsPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  const t = useT();
  return (
    <ResourceListPage<Building>
      title={t('billing.buildings.title', 'Buildings')}
      subtitle={t(
        'billing.buildings.subtitle',
        "Where billing points are. A building's time zone decides which day a reading belongs to.",
      )}
      addLabel={t('billing.buildings.add', 'Add building')}
      emptyText={t('billing.buildings.empty', 'No buildings yet.')}
      access={access}
      load={(params) => api.buildings.list(params)}
      rowTestId={(b) => `building-${b.code}`}
      itemLabel={(b) => b.name}
      columns={[
        { header: t('field.code', 'Code'), cell: (b) => <Typography fontWeight="bold">{b.code}</Typography> },
        { header: t('field.name', 'Name'), cell: (b) => <Typography>{b.name}</Typography> },
        {
          header: t('field.address', 'Address'),
          cell: (b) => (
            <Typography textColor="neutral600">
              {b.address
                ? [b.address.line1, [b.address.postalCode, b.address.city].filter(Boolean).join(' ')]
                    .filter(Boolean)
                    .join(', ')
                : '—'}
            </Typography>
          ),
        },
        {
          header: t('field.owner', 'Owner'),
          cell: (b) => <Typography>{b.owner?.displayName ?? '—'}</Typography>,
        },
        { header: t('field.timezone', 'Time zone'), cell: (b) => <Typography>{b.timezone}</Typography> },
      ]}
      remove={(b) => api.buildings.remove(b.documentId)}
      confirmRemove={(b) =>
        t(
          'billing.buildings.confirm-delete',
          'Delete building {name}? Only a building without billing points can be deleted.',
          { name: b.name },
        )
      }
      removed={(b) => t('common.deleted', '{name} deleted', { name: b.name })}
      form={(props) => <BuildingForm {...props} />}
    />
  );
}

function BuildingForm({ existing, onClose, onSaved }: FormProps<Building>) {
  const api = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
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
  const set = (key: keyof typeof draft) => (value: string | null) =>
    setDraft((d) => ({ ...d, [key]: value }));

  function save() {
    const hasAddress = [draft.line1, draft.line2, draft.postalCode, draft.city, draft.country].some((v) =>
      v.trim(),
    );
    const body: Record<string, unknown> = {
      code: draft.code,
      name: draft.name,
      owner: draft.owner,
      address: hasAddress
        ? {
            line1: draft.line1,
            line2: draft.line2 || null,
            postalCode: draft.postalCode || null,
            city: draft.city || null,
            country: draft.country || null,
          }
        : null,
      ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}),
    };
    return submit(
      () => (existing ? api.buildings.update(existing.documentId, body) : api.buildings.create(body)),
      existing
        ? t('billing.buildings.saved', 'Building saved')
        : t('billing.buildings.created', 'Building created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.name })
          : t('billing.buildings.add', 'Add building')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.buildings.create', 'Create building')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="code"
            label={t('field.code', 'Code')}
            value={draft.code}
            onChange={set('code')}
            error={errors.code}
            hint={t('billing.code-hint', 'Uppercase letters, digits and . _ -')}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="name"
            label={t('field.name', 'Name')}
            value={draft.name}
            onChange={set('name')}
            error={errors.name}
            required
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name="line1"
            label={t('field.line1', 'Street and number')}
            value={draft.line1}
            onChange={set('line1')}
            error={errors.address}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name="line2"
            label={t('field.line2', 'Address line 2')}
            value={draft.line2}
            onChange={set('line2')}
          />
        </Grid.Item>
        <Grid.Item col={4} direction="column" alignItems="stretch">
          <TextField
            name="postalCode"
            label={t('field.postal-code', 'Postal code')}
            value={draft.postalCode}
            onChange={set('postalCode')}
          />
        </Grid.Item>
        <Grid.Item col={5} direction="column" alignItems="stretch">
          <TextField name="city" label={t('field.city', 'City')} value={draft.city} onChange={set('city')} />
        </Grid.Item>
        <Grid.Item col={3} direction="column" alignItems="stretch">
          <TextField
            name="country"
            label={t('field.country', 'Country')}
            value={draft.country}
            onChange={set('country')}
            hint={t('billing.country-hint', 'e.g. CH')}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <PartyCombobox
            name="owner"
            label={t('field.owner', 'Owner')}
            value={draft.owner}
            onChange={set('owner')}
            error={errors.owner}
            hint={t(
              'billing.buildings.owner-hint',
              'Pays for vacant billing points without an owner of their own',
            )}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="timezone"
            label={t('field.timezone', 'Time zone')}
            value={draft.timezone}
            onChange={set('timezone')}
            error={errors.timezone}
            hint={t(
              'billing.buildings.timezone-hint',
              'IANA zone, e.g. Europe/Zurich; empty = the plugin default',
            )}
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
