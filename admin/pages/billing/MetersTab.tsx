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
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import {
  useBillingApi,
  type BillingPoint,
  type DeviceOption,
  type Installation,
} from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { DateField } from './fields';
import { formatDate, todayIn } from './format';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';

/**
 * The billing point's meters, grouped by utility (electricity, heat, hot and cold
 * water…), with their installation history. Unlinking sets the last day the
 * meter measured here; the row stays, so a replacement shows both meters.
 */
export function MetersTab({ point, canWrite }: { point: BillingPoint; canWrite: boolean }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const meters = useLoader(() => api.billingPoints.meters(point.documentId), [api, point.documentId]);
  const [installing, setInstalling] = useState(false);
  const [unlinking, setUnlinking] = useState<Installation | null>(null);
  const [deleting, setDeleting] = useState<Installation | null>(null);
  const today = todayIn(point.building?.timezone ?? 'UTC');

  const groups = useMemo(() => {
    const byUtility = new Map<string, Installation[]>();
    for (const i of meters.data ?? []) {
      const key = i.device?.utilityType?.name ?? 'No utility type';
      byUtility.set(key, [...(byUtility.get(key) ?? []), i]);
    }
    return [...byUtility.entries()];
  }, [meters.data]);

  async function remove(installation: Installation) {
    try {
      await api.billingPoints.removeMeter(point.documentId, installation.documentId);
      toggleNotification({ type: 'success', message: 'Installation removed' });
      await meters.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta">Meters by utility</Typography>
        {canWrite && (
          <Button startIcon={<Plus />} onClick={() => setInstalling(true)}>
            Link a meter
          </Button>
        )}
      </Flex>
      {meters.error && <Typography textColor="danger600">{meters.error}</Typography>}
      {meters.data && meters.data.length === 0 && (
        <Typography>No meter is linked to this billing point yet.</Typography>
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
                  <Typography variant="sigma">Meter</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Label</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Installed</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Status</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Actions</Typography>
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
                      <Typography>{`${formatDate(i.from)} – ${i.to ? formatDate(i.to) : 'now'}`}</Typography>
                    </Td>
                    <Td>
                      <Badge active={current}>
                        {current ? 'Installed' : i.from > today ? 'Planned' : 'Removed'}
                      </Badge>
                    </Td>
                    <Td>
                      {canWrite && (
                        <Flex gap={1}>
                          {i.to === null && (
                            <Button variant="tertiary" size="S" onClick={() => setUnlinking(i)}>
                              Unlink
                            </Button>
                          )}
                          <IconButton
                            label={`Delete installation of ${i.device?.meterNumber}`}
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
          <ConfirmDialog
            onConfirm={() => remove(deleting)}
          >{`Delete this installation of ${deleting.device?.meterNumber}? Only for one entered by mistake — to record that the meter left, unlink it.`}</ConfirmDialog>
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
    const timer = setTimeout(async () => {
      try {
        const found = await api.devices(q.trim());
        if (!cancelled) {
          setDevices(found);
          setDevicesError(null);
        }
      } catch (failure) {
        if (!cancelled)
          setDevicesError(
            toApiFailure(failure).status === 403
              ? 'Listing meters needs the Devices read permission.'
              : toApiFailure(failure).message,
          );
      }
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, q]);

  function save() {
    return submit(
      () =>
        api.billingPoints.addMeter(point.documentId, {
          device: draft.device,
          from: draft.from,
          to: draft.to || null,
        }),
      'Meter linked',
    );
  }

  return (
    <FormModal
      title={`Link a meter to ${point.code}`}
      saveLabel="Link meter"
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
            hint="A meter is at one billing point at a time"
          >
            <Field.Label>Meter</Field.Label>
            <Combobox
              value={draft.device ?? undefined}
              onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
              onChange={(device?: string) => setDraft((d) => ({ ...d, device: device ?? null }))}
              placeholder="Meter number or label"
              // The server searched number and label; no second "starts with" filter here.
              autocomplete="none"
            >
              {devices.map((d) => (
                <ComboboxOption key={d.documentId} value={d.documentId}>
                  {`${d.meterNumber}${d.label ? ` · ${d.label}` : ''}${d.utilityType ? ` (${d.utilityType.name})` : ''}`}
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
            label="From"
            value={draft.from}
            onChange={(from) => setDraft((d) => ({ ...d, from }))}
            error={errors.from}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="to"
            label="To"
            value={draft.to}
            onChange={(to) => setDraft((d) => ({ ...d, to }))}
            error={errors.to}
            hint="Empty while installed; last day included"
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
  const [to, setTo] = useState(todayIn(point.building?.timezone ?? 'UTC'));
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    try {
      await api.billingPoints.updateMeter(point.documentId, installation.documentId, { to });
      toggleNotification({ type: 'success', message: `Meter ${installation.device?.meterNumber} unlinked` });
      onSaved();
    } catch (failure) {
      const f = toApiFailure(failure);
      setError(f.fieldErrors.to ?? f.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormModal
      title={`Unlink meter ${installation.device?.meterNumber}`}
      saveLabel="Unlink"
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <DateField
        name="to"
        label="Last day measured here"
        value={to}
        onChange={setTo}
        error={error}
        hint={`Installed since ${formatDate(installation.from)}. The history stays.`}
        required
      />
    </FormModal>
  );
}
