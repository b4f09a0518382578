import { useState } from 'react';
import {
  Badge as StatusBadge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { useBillingApi, type Badge } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { DateField, PartyPicker, TextField } from './fields';
import { formatDate } from './format';

/**
 * RFID badges for charging stations and laundry rooms. UIDs are stored
 * normalised (upper-case hex, no separators) — type them any way a reader prints them.
 */
export function BadgesPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  return (
    <ResourceListPage<Badge>
      title="RFID badges"
      subtitle="Badges identify who uses a charging station or a laundry machine."
      addLabel="Add badge"
      emptyText="No badges yet."
      access={access}
      load={({ page }) => api.badges.list({ page, pageSize: 25 })}
      aboveTable={<BadgeLookup />}
      rowTestId={(b) => `badge-${b.uid}`}
      itemLabel={(b) => `badge ${b.uid}`}
      columns={[
        { header: 'UID', cell: (b) => <Typography fontWeight="bold">{b.uid}</Typography> },
        { header: 'Label', cell: (b) => <Typography>{b.label ?? '—'}</Typography> },
        { header: 'Holder', cell: (b) => <Typography>{b.party?.displayName ?? '—'}</Typography> },
        {
          header: 'Valid',
          cell: (b) => (
            <Typography>
              {b.validFrom || b.validTo
                ? `${formatDate(b.validFrom, 'always')} – ${formatDate(b.validTo, 'open')}`
                : 'Always'}
            </Typography>
          ),
        },
        {
          header: 'Status',
          cell: (b) => <StatusBadge active={b.active}>{b.active ? 'Active' : 'Deactivated'}</StatusBadge>,
        },
      ]}
      remove={(b) => api.badges.remove(b.documentId)}
      confirmRemove={(b) =>
        `Delete badge ${b.uid}? To stop a lost badge, deactivate it instead: its past uses stay attributed.`
      }
      removed={(b) => `Badge ${b.uid} deleted`}
      form={(props) => <BadgeForm {...props} />}
    />
  );
}

/** "Who holds this badge on a date": the same answer usage records are attributed with. */
function BadgeLookup() {
  const api = useBillingApi();
  const [lookup, setLookup] = useState({ uid: '', at: '' });
  const [found, setFound] = useState<string | null>(null);

  async function runLookup() {
    try {
      const res = await api.badges.lookup(lookup.uid, lookup.at || undefined);
      setFound(
        `${res.uid} is held by ${res.party?.displayName ?? 'an unknown party'} on ${formatDate(res.date)}`,
      );
    } catch (failure) {
      setFound(toApiFailure(failure).message);
    }
  }

  return (
    <Box padding={4} marginBottom={4} background="neutral0" hasRadius shadow="tableShadow">
      <Flex gap={4} alignItems="flex-end">
        <TextField
          name="lookupUid"
          label="Who holds badge…"
          value={lookup.uid}
          onChange={(uid) => setLookup((l) => ({ ...l, uid }))}
          placeholder="04:A3:2B:1C"
        />
        <DateField
          name="lookupAt"
          label="On"
          value={lookup.at}
          onChange={(at) => setLookup((l) => ({ ...l, at }))}
          hint="Empty = today"
        />
        <Button variant="secondary" onClick={runLookup} disabled={!lookup.uid.trim()}>
          Look up
        </Button>
      </Flex>
      {found && (
        <Box paddingTop={2}>
          <Typography data-testid="badge-lookup-result">{found}</Typography>
        </Box>
      )}
    </Box>
  );
}

function BadgeForm({ existing, onClose, onSaved }: FormProps<Badge>) {
  const api = useBillingApi();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    uid: existing?.uid ?? '',
    party: existing?.party?.documentId ?? null,
    label: existing?.label ?? '',
    validFrom: existing?.validFrom ?? '',
    validTo: existing?.validTo ?? '',
    active: existing?.active ?? true,
  });

  function save() {
    const body = {
      uid: draft.uid,
      party: draft.party,
      label: draft.label || null,
      validFrom: draft.validFrom || null,
      validTo: draft.validTo || null,
      active: draft.active,
    };
    return submit(
      () => (existing ? api.badges.update(existing.documentId, body) : api.badges.create(body)),
      existing ? 'Badge saved' : 'Badge created',
    );
  }

  return (
    <FormModal
      title={existing ? `Edit badge ${existing.uid}` : 'Add badge'}
      saveLabel={existing ? 'Save changes' : 'Create badge'}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="uid"
            label="UID"
            value={draft.uid}
            onChange={(uid) => setDraft((d) => ({ ...d, uid }))}
            error={errors.uid}
            hint="Hex, any separators: 04:A3:2B:1C"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="label"
            label="Label"
            value={draft.label}
            onChange={(label) => setDraft((d) => ({ ...d, label }))}
            error={errors.label}
            hint="e.g. Laundry card 3"
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <PartyPicker
            api={api}
            name="party"
            label="Holder"
            value={draft.party}
            initial={existing?.party}
            onChange={(party) => setDraft((d) => ({ ...d, party }))}
            error={errors.party}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validFrom"
            label="Valid from"
            value={draft.validFrom}
            onChange={(validFrom) => setDraft((d) => ({ ...d, validFrom }))}
            error={errors.validFrom}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validTo"
            label="Valid to"
            value={draft.validTo}
            onChange={(validTo) => setDraft((d) => ({ ...d, validTo }))}
            error={errors.validTo}
            hint="Last day included"
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="active">
            <Field.Label>Active</Field.Label>
            <Toggle
              onLabel="Active"
              offLabel="Deactivated"
              checked={draft.active}
              onChange={() => setDraft((d) => ({ ...d, active: !d.active }))}
            />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
