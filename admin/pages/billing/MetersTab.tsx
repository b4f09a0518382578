import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Combobox,
  ComboboxOption,
  Dialog,
  Field,
  Flex,
  Grid,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import {
  useBillingApi,
  type BillingPoint,
  type DeviceOption,
  type Installation,
} from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { DateField } from './fields';
import { useT } from '../../utils/useT';
import { todayIn, useBillingFormat } from './format';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { meterLabel } from '../../utils/record-labels';

/**
 * The billing point's meters, grouped by utility (electricity, heat, hot and cold
 * water…), with their installation history. Unlinking sets the last day the
 * meter measured here; the row stays, so a replacement shows both meters.
 */
export function MetersTab({ point, canWrite }: { point: BillingPoint; canWrite: boolean }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const meters = useLoader(() => api.billingPoints.meters(point.documentId), [api, point.documentId]);
  const [installing, setInstalling] = useState(false);
  const [unlinking, setUnlinking] = useState<Installation | null>(null);
  const [deleting, setDeleting] = useState<Installation | null>(null);
  const today = todayIn(point.building?.timezone ?? 'UTC');

  const groups = useMemo(() => {
    const byUtility = new Map<string, Installation[]>();
    for (const i of meters.data ?? []) {
      const key = i.device?.utilityType?.name ?? t('billing.meters.no-utility', 'No utility type');
      byUtility.set(key, [...(byUtility.get(key) ?? []), i]);
    }
    return [...byUtility.entries()];
  }, [meters.data, t]);

  async function remove(installation: Installation) {
    try {
      await api.billingPoints.removeMeter(point.documentId, installation.documentId);
      toggleNotification({ type: 'success', message: t('billing.meters.removed', 'Installation removed') });
      await meters.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta">{t('billing.meters.title', 'Meters by utility')}</Typography>
        {canWrite && (
          <Button startIcon={<Plus />} onClick={() => setInstalling(true)}>
            {t('billing.meters.link', 'Link a meter')}
          </Button>
        )}
      </Flex>
      {meters.error && <Typography textColor="danger600">{meters.error}</Typography>}
      {meters.data && meters.data.length === 0 && (
        <Typography>{t('billing.meters.empty', 'No meter is linked to this billing point yet.')}</Typography>
      )}
      {groups.map(([utility, installations]) => (
        <Box key={utility} paddingBottom={6}>
          <Typography variant="omega" fontWeight="bold">
            {utility}
          </Typography>
          <Table colCount={5} rowCount={installations.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('field.device', 'Meter')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.label', 'Label')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.installed', 'Installed')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('list.actions', 'Actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {installations.map((i) => {
                const current = i.from <= today && (i.to === null || i.to >= today);
                return (
                  <Tr key={i.documentId} data-testid={`installation-${i.device?.meterNumber}`}>
                    <Td>
                      <Typography fontWeight="bold">{i.device?.meterNumber ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{i.device?.label ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {t('format.date-range', '{from} – {to}', {
                          from: formatDate(i.from),
                          to: i.to ? formatDate(i.to) : t('billing.meters.now', 'now'),
                        })}
                      </Typography>
                    </Td>
                    <Td>
                      <Badge variant={current ? 'success' : 'neutral'}>
                        {current
                          ? t('billing.meters.installed', 'Installed')
                          : i.from > today
                            ? t('billing.meters.planned', 'Planned')
                            : t('billing.meters.removed-status', 'Removed')}
                      </Badge>
                    </Td>
                    <Td>
                      {canWrite && (
                        <Flex gap={1}>
                          {i.to === null && (
                            <Button variant="tertiary" size="S" onClick={() => setUnlinking(i)}>
                              {t('billing.meters.unlink', 'Unlink')}
                            </Button>
                          )}
                          <IconButton
                            label={t('billing.meters.delete', 'Delete installation of {meter}', {
                              meter: i.device?.meterNumber ?? '—',
                            })}
                            onClick={() => setDeleting(i)}
                          >
                            <Trash />
                          </IconButton>
                        </Flex>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        </Box>
      ))}
      {installing && (
        <InstallDialog
          point={point}
          onClose={() => setInstalling(false)}
          onSaved={async () => {
            setInstalling(false);
            await meters.reload();
          }}
        />
      )}
      {unlinking && (
        <UnlinkDialog
          point={point}
          installation={unlinking}
          onClose={() => setUnlinking(null)}
          onSaved={async () => {
            setUnlinking(null);
            await meters.reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => remove(deleting)}>
            {t(
              'billing.meters.confirm-delete',
              'Delete this installation of {meter}? Only for one entered by mistake — to record that the meter left, unlink it.',
              { meter: deleting.device?.meterNumber ?? '—' },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Box>
  );
}

function InstallDialog({
  point,
  onClose,
  onSaved,
}: {
  point: BillingPoint;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [q, setQ] = useState('');
  const [devices, setDevices] = useState<DeviceOption[]>([]);
  const [devicesError, setDevicesError] = useState<string | null>(null);
  const [draft, setDraft] = useState({
    device: null as string | null,
    from: todayIn(point.building?.timezone ?? 'UTC'),
    to: '',
  });

  useEffect(() => {
    let cancelled = false;
    async function search() {
      try {
        const found = await api.devices(q.trim());
        if (!cancelled) {
          setDevices(found);
          setDevicesError(null);
        }
      } catch (failure) {
        if (!cancelled)
          setDevicesError(
            toApiFailure(failure, t).status === 403
              ? t('billing.meters.no-permission', 'Your role may not list meters.')
              : toApiFailure(failure, t).message,
          );
      }
    }
    // search() catches every failure itself.
    const timer = setTimeout(() => void search(), 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, q, t]);

  function save() {
    return submit(
      () =>
        api.billingPoints.addMeter(point.documentId, {
          device: draft.device,
          from: draft.from,
          to: draft.to || null,
        }),
      t('billing.meters.linked', 'Meter linked'),
    );
  }

  return (
    <FormModal
      title={t('billing.meters.link-title', 'Link a meter to {code}', { code: point.code })}
      saveLabel={t('billing.meters.link-save', 'Link meter')}
      saving={saving}
      saveDisabled={!draft.device}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root
            name="device"
            error={errors.device ?? devicesError ?? undefined}
            required
            hint={t('billing.meters.one-place', 'A meter is at one billing point at a time')}
          >
            <Field.Label>{t('field.device', 'Meter')}</Field.Label>
            <Combobox
              value={draft.device ?? undefined}
              onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
              onChange={(device?: string) => setDraft((d) => ({ ...d, device: device ?? null }))}
              placeholder={t('billing.meters.search-placeholder', 'Meter number or label')}
              // The server searched number and label; no second "starts with" filter here.
              autocomplete="none"
            >
              {devices.map((d) => (
                <ComboboxOption key={d.documentId} value={d.documentId}>
                  {meterLabel(d, (place) =>
                    t('billing.meters.installed-at', 'installed at {place}', { place }),
                  )}
                </ComboboxOption>
              ))}
            </Combobox>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="from"
            label={t('field.from', 'From')}
            value={draft.from}
            onChange={(from) => setDraft((d) => ({ ...d, from }))}
            error={errors.from}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="to"
            label={t('field.to', 'To')}
            value={draft.to}
            onChange={(to) => setDraft((d) => ({ ...d, to }))}
            error={errors.to}
            hint={t('billing.meters.to-hint', 'Empty while installed; last day included')}
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}

/**
 * Its own save step, not useSaveForm's: the one field here is the date, so any
 * refusal — a field error or not — is shown under it, without a notification.
 */
function UnlinkDialog({
  point,
  installation,
  onClose,
  onSaved,
}: {
  point: BillingPoint;
  installation: Installation;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const [to, setTo] = useState(todayIn(point.building?.timezone ?? 'UTC'));
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    try {
      await api.billingPoints.updateMeter(point.documentId, installation.documentId, { to });
      toggleNotification({
        type: 'success',
        message: t('billing.meters.unlinked', 'Meter {meter} unlinked', {
          meter: installation.device?.meterNumber ?? '—',
        }),
      });
      onSaved();
    } catch (failure) {
      const f = toApiFailure(failure, t);
      setError(f.fieldErrors.to ?? f.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormModal
      title={t('billing.meters.unlink-title', 'Unlink meter {meter}', {
        meter: installation.device?.meterNumber ?? '—',
      })}
      saveLabel={t('billing.meters.unlink', 'Unlink')}
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <DateField
        name="to"
        label={t('billing.meters.last-day', 'Last day measured here')}
        value={to}
        onChange={setTo}
        error={error}
        hint={t('billing.meters.unlink-hint', 'Installed since {date}. The history stays.', {
          date: formatDate(installation.from),
        })}
        required
      />
    </FormModal>
  );
}
