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
import { DateField, TextField } from './fields';
import { PartyCombobox } from '../../components/record-pickers';
import { useT } from '../../utils/useT';
import { todayIn, useBillingFormat } from './format';

/**
 * RFID badges for charging stations and laundry rooms. UIDs are stored
 * normalised (upper-case hex, no separators) — type them any way a reader prints them.
 */
/**
 * What a badge is today: a badge whose validity has ended (or not begun) counts for
 * nobody, whatever its active switch says — as the lookup answers.
 */
function badgeState(b: Badge, today: string): 'active' | 'deactivated' | 'ended' | 'not-yet' {
  if (!b.active) return 'deactivated';
  if (b.validTo !== null && b.validTo < today) return 'ended';
  if (b.validFrom !== null && today < b.validFrom) return 'not-yet';
  return 'active';
}

export function BadgesPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('billing'));
  const t = useT();
  const { formatDate } = useBillingFormat();
  return (
    <ResourceListPage<Badge>
      title={t('billing.badges.title', 'RFID badges')}
      subtitle={t(
        'billing.badges.subtitle',
        'Badges identify who uses a charging station or a laundry machine.',
      )}
      addLabel={t('billing.badges.add', 'Add badge')}
      emptyText={t('billing.badges.empty', 'No badges yet.')}
      access={access}
      load={(params) => api.badges.list(params)}
      aboveTable={<BadgeLookup />}
      rowTestId={(b) => `badge-${b.uid}`}
      itemLabel={(b) => t('billing.badges.item', 'badge {uid}', { uid: b.uid })}
      columns={[
        {
          header: t('billing.badges.uid', 'UID'),
          cell: (b) => <Typography fontWeight="bold">{b.uid}</Typography>,
        },
        { header: t('field.label', 'Label'), cell: (b) => <Typography>{b.label ?? '—'}</Typography> },
        {
          header: t('billing.badges.holder', 'Holder'),
          cell: (b) => <Typography>{b.party?.displayName ?? '—'}</Typography>,
        },
        {
          header: t('billing.badges.valid', 'Valid'),
          cell: (b) => (
            <Typography>
              {b.validFrom || b.validTo
                ? t('format.date-range', '{from} – {to}', {
                    from: formatDate(b.validFrom, t('billing.badges.always', 'always')),
                    to: formatDate(b.validTo, t('members.open-ended', 'open')),
                  })
                : t('billing.badges.always-cap', 'Always')}
            </Typography>
          ),
        },
        {
          header: t('channels.col.status', 'Status'),
          cell: (b) => {
            const state = badgeState(b, todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone));
            return (
              <StatusBadge
                variant={state === 'active' ? 'success' : 'neutral'}
                data-testid={`badge-state-${b.uid}`}
              >
                {state === 'active'
                  ? t('channels.status.active', 'Active')
                  : state === 'ended'
                    ? t('billing.badges.ended', 'Ended')
                    : state === 'not-yet'
                      ? t('billing.badges.not-yet', 'Not yet valid')
                      : t('billing.badges.deactivated', 'Deactivated')}
              </StatusBadge>
            );
          },
        },
      ]}
      remove={(b) => api.badges.remove(b.documentId)}
      confirmRemove={(b) =>
        t(
          'billing.badges.confirm-delete',
          'Delete badge {uid}? To stop a lost badge, deactivate it instead: its past uses stay attributed.',
          { uid: b.uid },
        )
      }
      removed={(b) => t('billing.badges.deleted', 'Badge {uid} deleted', { uid: b.uid })}
      form={(props) => <BadgeForm {...props} />}
    />
  );
}

/** "Who holds this badge on a date": the same answer usage records are attributed with. */
function BadgeLookup() {
  const api = useBillingApi();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const [lookup, setLookup] = useState({ uid: '', at: '' });
  const [found, setFound] = useState<string | null>(null);

  async function runLookup() {
    try {
      const res = await api.badges.lookup(lookup.uid, lookup.at || undefined);
      setFound(
        t('billing.badges.held-by', '{uid} is held by {holder} on {date}', {
          uid: res.uid,
          holder: res.party?.displayName ?? t('billing.badges.unknown-party', 'an unknown party'),
          date: formatDate(res.date),
        }),
      );
    } catch (failure) {
      setFound(toApiFailure(failure, t).message);
    }
  }

  return (
    <Box padding={4} marginBottom={4} background="neutral0" hasRadius shadow="tableShadow">
      <Flex gap={4} alignItems="flex-end">
        <TextField
          name="lookupUid"
          label={t('billing.badges.who-holds', 'Who holds badge…')}
          value={lookup.uid}
          onChange={(uid) => setLookup((l) => ({ ...l, uid }))}
          placeholder={t('billing.badges.uid-example', '04:A3:2B:1C')}
        />
        <DateField
          name="lookupAt"
          label={t('billing.badges.on', 'On')}
          value={lookup.at}
          onChange={(at) => setLookup((l) => ({ ...l, at }))}
          hint={t('billing.badges.on-hint', 'Empty = today')}
        />
        <Button variant="secondary" onClick={() => void runLookup()} disabled={!lookup.uid.trim()}>
          {t('billing.badges.look-up', 'Look up')}
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
  const t = useT();
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
      existing ? t('billing.badges.saved', 'Badge saved') : t('billing.badges.created', 'Badge created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('billing.badges.edit-title', 'Edit badge {uid}', { uid: existing.uid })
          : t('billing.badges.add', 'Add badge')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.badges.create', 'Create badge')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="uid"
            label={t('billing.badges.uid', 'UID')}
            value={draft.uid}
            onChange={(uid) => setDraft((d) => ({ ...d, uid }))}
            error={errors.uid}
            hint={t('billing.badges.uid-hint', 'Hex, any separators: 04:A3:2B:1C')}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="label"
            label={t('field.label', 'Label')}
            value={draft.label}
            onChange={(label) => setDraft((d) => ({ ...d, label }))}
            error={errors.label}
            hint={t('billing.badges.label-hint', 'e.g. Laundry card 3')}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <PartyCombobox
            name="party"
            label={t('billing.badges.holder', 'Holder')}
            value={draft.party}
            onChange={(party) => setDraft((d) => ({ ...d, party }))}
            error={errors.party}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validFrom"
            label={t('field.valid-from', 'Valid from')}
            value={draft.validFrom}
            onChange={(validFrom) => setDraft((d) => ({ ...d, validFrom }))}
            error={errors.validFrom}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validTo"
            label={t('field.valid-to', 'Valid to')}
            value={draft.validTo}
            onChange={(validTo) => setDraft((d) => ({ ...d, validTo }))}
            error={errors.validTo}
            hint={t('billing.last-day-included', 'Last day included')}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="active">
            <Field.Label>{t('field.active', 'Active')}</Field.Label>
            <Toggle
              onLabel={t('channels.status.active', 'Active')}
              offLabel={t('billing.badges.deactivated', 'Deactivated')}
              checked={draft.active}
              onChange={() => setDraft((d) => ({ ...d, active: !d.active }))}
            />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
