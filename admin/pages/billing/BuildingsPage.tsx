import { useState } from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useBillingApi, type Building } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { PartyPicker, TextField } from './fields';

/** Buildings: code, name, address, owner (pays vacancy by default) and the time zone of its calendar. */
export function BuildingsPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  return (
    <ResourceListPage<Building>
      title="Buildings"
      subtitle="Where billing points are. A building's time zone decides which day a reading belongs to."
      addLabel="Add building"
      emptyText="No buildings yet."
      access={access}
      load={({ page }) => api.buildings.list({ page, pageSize: 100 })}
      rowTestId={(b) => `building-${b.code}`}
      itemLabel={(b) => b.name}
      columns={[
        { header: 'Code', cell: (b) => <Typography fontWeight="bold">{b.code}</Typography> },
        { header: 'Name', cell: (b) => <Typography>{b.name}</Typography> },
        {
          header: 'Address',
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
        { header: 'Owner', cell: (b) => <Typography>{b.owner?.displayName ?? '—'}</Typography> },
        { header: 'Time zone', cell: (b) => <Typography>{b.timezone}</Typography> },
      ]}
      remove={(b) => api.buildings.remove(b.documentId)}
      confirmRemove={(b) =>
        `Delete building ${b.name}? Only a building without billing points can be deleted.`
      }
      removed={(b) => `${b.name} deleted`}
      form={(props) => <BuildingForm {...props} />}
    />
  );
}

function BuildingForm({ existing, onClose, onSaved }: FormProps<Building>) {
  const api = useBillingApi();
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
      existing ? 'Building saved' : 'Building created',
    );
  }

  return (
    <FormModal
      title={existing ? `Edit ${existing.name}` : 'Add building'}
      saveLabel={existing ? 'Save changes' : 'Create building'}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="code"
            label="Code"
            value={draft.code}
            onChange={set('code')}
            error={errors.code}
            hint="Uppercase letters, digits and . _ -"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="name"
            label="Name"
            value={draft.name}
            onChange={set('name')}
            error={errors.name}
            required
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name="line1"
            label="Street and number"
            value={draft.line1}
            onChange={set('line1')}
            error={errors.address}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField name="line2" label="Address line 2" value={draft.line2} onChange={set('line2')} />
        </Grid.Item>
        <Grid.Item col={4} direction="column" alignItems="stretch">
          <TextField
            name="postalCode"
            label="Postal code"
            value={draft.postalCode}
            onChange={set('postalCode')}
          />
        </Grid.Item>
        <Grid.Item col={5} direction="column" alignItems="stretch">
          <TextField name="city" label="City" value={draft.city} onChange={set('city')} />
        </Grid.Item>
        <Grid.Item col={3} direction="column" alignItems="stretch">
          <TextField
            name="country"
            label="Country"
            value={draft.country}
            onChange={set('country')}
            hint="e.g. CH"
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <PartyPicker
            api={api}
            name="owner"
            label="Owner"
            value={draft.owner}
            initial={existing?.owner}
            onChange={set('owner')}
            error={errors.owner}
            hint="Pays for vacant billing points without an owner of their own"
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="timezone"
            label="Time zone"
            value={draft.timezone}
            onChange={set('timezone')}
            error={errors.timezone}
            hint="IANA zone, e.g. Europe/Zurich; empty = the plugin default"
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
