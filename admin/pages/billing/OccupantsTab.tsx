import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
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
import { Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useBillingApi, type BillingPoint, type Occupancy } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { DateField, TextField } from './fields';
import { PartyCombobox } from '../../components/record-pickers';
import { useT } from '../../utils/useT';
import { todayIn, useBillingFormat } from './format';
import { MoveWizard } from './MoveWizard';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { allPages } from '../../api/all-pages';

/**
 * Occupants of the billing point: entry and exit dates (both included — the exit
 * date is the last day occupied), the "Register a move" wizard, and the coverage
 * of a year: who pays for each day, vacancy billed to the owner.
 */
export function OccupantsTab({
  point,
  canWrite,
  onChanged,
}: {
  point: BillingPoint;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const today = todayIn(point.building?.timezone ?? 'UTC');
  const occupancies = useLoader(
    () =>
      allPages((page) =>
        api.billingPoints.occupancies(point.documentId, { sort: 'entryDate:desc', ...page }),
      ),
    [api, point.documentId],
  );
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const coverage = useLoader(
    () => api.billingPoints.coverage(point.documentId, `${year}-01-01`, `${year}-12-31`),
    [api, point.documentId, year],
  );
  const [editing, setEditing] = useState<Occupancy | 'new' | null>(null);
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState<Occupancy | null>(null);

  const refresh = async () => {
    await Promise.all([occupancies.reload(), coverage.reload()]);
    onChanged();
  };

  async function remove(occupancy: Occupancy) {
    try {
      await api.billingPoints.removeOccupancy(point.documentId, occupancy.documentId);
      toggleNotification({ type: 'success', message: t('billing.occupants.deleted', 'Occupancy deleted') });
      await refresh();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setDeleting(null);
    }
  }

  const list = occupancies.data?.data ?? [];
  const status = (o: Occupancy) =>
    o.entryDate > today ? 'future' : o.exitDate !== null && o.exitDate < today ? 'past' : 'current';
  const statusLabel = (o: Occupancy) =>
    ({
      future: t('billing.occupants.future', 'Future'),
      past: t('billing.occupants.past', 'Past'),
      current: t('billing.occupants.current', 'Current'),
    })[status(o)];

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta">{t('billing.occupants.title', 'Occupants')}</Typography>
        {canWrite && (
          <Flex gap={2}>
            {list.length === 0 && (
              // Said beside the button, not only on hover: why the move cannot be registered yet.
              <Typography variant="pi" textColor="neutral600" id="move-disabled-reason">
                {t(
                  'billing.move.disabled-reason',
                  'A move needs someone moving out: add the first occupancy instead.',
                )}
              </Typography>
            )}
            <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditing('new')}>
              {t('billing.occupants.add', 'Add occupancy')}
            </Button>
            <Button
              onClick={() => setMoving(true)}
              disabled={list.length === 0}
              aria-describedby={list.length === 0 ? 'move-disabled-reason' : undefined}
            >
              {t('billing.move.open', 'Register a move')}
            </Button>
          </Flex>
        )}
      </Flex>
      {occupancies.error && <Typography textColor="danger600">{occupancies.error}</Typography>}
      <Table colCount={5} rowCount={list.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('billing.occupants.occupant', 'Occupant')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('billing.occupants.entry', 'Entry')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('billing.occupants.exit', 'Exit (last day)')}</Typography>
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
          {list.length === 0 && (
            <Tr>
              <Td colSpan={5}>
                <Typography>
                  {t(
                    'billing.occupants.empty',
                    'Nobody has occupied this billing point yet: vacancy is billed to the owner.',
                  )}
                </Typography>
              </Td>
            </Tr>
          )}
          {list.map((o) => (
            <Tr key={o.documentId} data-testid={`occupancy-${o.party.displayName}`}>
              <Td>
                <Typography fontWeight="bold">{o.party.displayName}</Typography>
              </Td>
              <Td>
                <Typography>{formatDate(o.entryDate)}</Typography>
              </Td>
              <Td>
                <Typography>
                  {o.exitDate ? formatDate(o.exitDate) : t('members.open-ended', 'open')}
                </Typography>
              </Td>
              <Td>
                <Badge variant={status(o) === 'current' ? 'success' : 'neutral'}>{statusLabel(o)}</Badge>
              </Td>
              <Td>
                {canWrite && (
                  <Flex gap={1}>
                    <IconButton
                      label={t('billing.occupants.edit', 'Edit occupancy of {name}', {
                        name: o.party.displayName,
                      })}
                      onClick={() => setEditing(o)}
                    >
                      <Pencil />
                    </IconButton>
                    <IconButton
                      label={t('billing.occupants.delete', 'Delete occupancy of {name}', {
                        name: o.party.displayName,
                      })}
                      onClick={() => setDeleting(o)}
                    >
                      <Trash />
                    </IconButton>
                  </Flex>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      <Flex justifyContent="space-between" paddingTop={6} paddingBottom={2}>
        <Typography variant="delta">
          {t('billing.coverage.title', 'Who pays in {year}', { year: String(year) })}
        </Typography>
        <Flex gap={2}>
          <Button variant="tertiary" onClick={() => setYear((y) => y - 1)}>
            {String(year - 1)}
          </Button>
          <Button variant="tertiary" onClick={() => setYear((y) => y + 1)}>
            {String(year + 1)}
          </Button>
        </Flex>
      </Flex>
      {coverage.error && <Typography textColor="danger600">{coverage.error}</Typography>}
      {coverage.data && (
        <Table colCount={4} rowCount={coverage.data.periods.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('billing.coverage.period', 'Period')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('billing.coverage.days', 'Days')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('billing.coverage.billed-to', 'Billed to')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {coverage.data.periods.map((p) => (
              <Tr key={p.from} data-testid={`coverage-${p.from}`}>
                <Td>
                  <Typography>
                    {t('format.date-range', '{from} – {to}', {
                      from: formatDate(p.from),
                      to: formatDate(p.to),
                    })}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{p.days}</Typography>
                </Td>
                <Td>
                  <Badge variant={p.status === 'occupied' ? 'success' : 'neutral'}>
                    {p.status === 'occupied'
                      ? t('billing.coverage.occupied', 'Occupied')
                      : t('billing.point.vacant', 'Vacant')}
                  </Badge>
                </Td>
                <Td>
                  <Typography>
                    {p.party
                      ? p.billedTo === 'owner'
                        ? t('billing.coverage.owner', '{name} (owner)', { name: p.party.displayName })
                        : p.party.displayName
                      : t('billing.point.no-owner', 'No owner set')}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      {editing && (
        <OccupancyForm
          point={point}
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await refresh();
          }}
        />
      )}
      {moving && (
        <MoveWizard
          point={point}
          occupancies={list}
          onClose={() => setMoving(false)}
          onDone={async () => {
            setMoving(false);
            await refresh();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => remove(deleting)}>
            {t(
              'billing.occupants.confirm-delete',
              'Delete the occupancy of {name}? Its days become vacancy billed to the owner.',
              { name: deleting.party.displayName },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Box>
  );
}

function OccupancyForm({
  point,
  existing,
  onClose,
  onSaved,
}: {
  point: BillingPoint;
  existing: Occupancy | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    party: existing?.party.documentId ?? null,
    entryDate: existing?.entryDate ?? '',
    exitDate: existing?.exitDate ?? '',
    note: existing?.note ?? '',
  });

  function save() {
    const body = {
      party: draft.party,
      entryDate: draft.entryDate,
      exitDate: draft.exitDate || null,
      note: draft.note || null,
    };
    return submit(
      () =>
        existing
          ? api.billingPoints.updateOccupancy(point.documentId, existing.documentId, body)
          : api.billingPoints.addOccupancy(point.documentId, body),
      existing
        ? t('billing.occupants.saved', 'Occupancy saved')
        : t('billing.occupants.assigned', 'Occupant assigned'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('billing.occupants.edit-title', 'Occupancy of {name}', { name: existing.party.displayName })
          : t('billing.occupants.assign-title', 'Assign an occupant to {code}', { code: point.code })
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.occupants.assign', 'Assign occupant')
      }
      saving={saving}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <PartyCombobox
            name="party"
            label={t('billing.occupants.occupant', 'Occupant')}
            value={draft.party}
            onChange={(party) => setDraft((d) => ({ ...d, party }))}
            error={errors.party}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="entryDate"
            label={t('field.entry-date', 'Entry date')}
            value={draft.entryDate}
            onChange={(entryDate) => setDraft((d) => ({ ...d, entryDate }))}
            error={errors.entryDate}
            hint={t('billing.occupants.entry-hint', 'First day billed')}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="exitDate"
            label={t('field.exit-date', 'Exit date')}
            value={draft.exitDate}
            onChange={(exitDate) => setDraft((d) => ({ ...d, exitDate }))}
            error={errors.exitDate}
            hint={t('billing.occupants.exit-hint', 'Last day billed; empty while they stay')}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name="note"
            label={t('field.note', 'Note')}
            value={draft.note}
            onChange={(note) => setDraft((d) => ({ ...d, note }))}
            error={errors.note}
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
