import { useState } from 'react';
import { Button, Dialog, Field, Flex, Grid, IconButton, Modal, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type UsageMetric } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { TextField } from './fields';
import { useLoader } from '../../hooks/useLoader';

const FIELDS = ['intCounter', 'intCounter2', 'intCounter3', 'intCounter4', 'intCounter5', 'temperature'];
const AGGREGATIONS: Record<string, string> = {
  count: 'Count of records',
  sum: 'Sum of the field',
  delta: 'Growth of a cumulative counter',
  max: 'Largest value',
  latest: 'Latest value',
};

/** Usage metrics: which usage records a rate prices, and how they add up (rates.read / rates.write). */
export function UsageMetricsPage() {
  const { can, isLoading } = usePluginPermissions('rates');
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const { data, error, reload } = useLoader(() => api.usageMetrics.list({ pageSize: 100 }), [api], can.read);
  const [editing, setEditing] = useState<UsageMetric | 'new' | null>(null);
  const [deleting, setDeleting] = useState<UsageMetric | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function remove(metric: UsageMetric) {
    try {
      await api.usageMetrics.remove(metric.documentId);
      toggleNotification({ type: 'success', message: `${metric.name} deleted` });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Page.Main>
      <Page.Title>Usage metrics</Page.Title>
      <Layouts.Header
        title="Usage metrics"
        subtitle="What a usage rate prices: e.g. laundry cycles counted from eGroup “laundry”."
        primaryAction={can.write ? <Button startIcon={<Plus />} onClick={() => setEditing('new')}>Add usage metric</Button> : undefined}
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {!data && !error && <Page.Loading />}
        {data && (
          <Table colCount={6} rowCount={data.data.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Code</Typography></Th>
                <Th><Typography variant="sigma">Name</Typography></Th>
                <Th><Typography variant="sigma">Records</Typography></Th>
                <Th><Typography variant="sigma">Aggregation</Typography></Th>
                <Th><Typography variant="sigma">Unit</Typography></Th>
                <Th><Typography variant="sigma">Actions</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.data.length === 0 && <Tr><Td colSpan={6}><Typography>No usage metrics yet.</Typography></Td></Tr>}
              {data.data.map((m) => (
                <Tr key={m.documentId}>
                  <Td><Typography fontWeight="bold">{m.code}</Typography></Td>
                  <Td><Typography>{m.name}</Typography></Td>
                  <Td><Typography>{`${m.eGroup}${m.eId ? ` / ${m.eId}` : ''} · ${m.field}`}</Typography></Td>
                  <Td><Typography>{AGGREGATIONS[m.aggregation] ?? m.aggregation}</Typography></Td>
                  <Td><Typography>{m.unit}</Typography></Td>
                  <Td>
                    {can.write && (
                      <Flex gap={1}>
                        <IconButton label={`Edit ${m.name}`} onClick={() => setEditing(m)}><Pencil /></IconButton>
                        <IconButton label={`Delete ${m.name}`} onClick={() => setDeleting(m)}><Trash /></IconButton>
                      </Flex>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      {editing && (
        <MetricForm
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && <ConfirmDialog onConfirm={() => remove(deleting)}>{`Delete ${deleting.name}? A metric that rates use can't be deleted.`}</ConfirmDialog>}
      </Dialog.Root>
    </Page.Main>
  );
}

function MetricForm({ existing, onClose, onSaved }: { existing: UsageMetric | null; onClose: () => void; onSaved: () => void }) {
  const api = useBillingApi();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    eGroup: existing?.eGroup ?? '',
    eId: existing?.eId ?? '',
    field: existing?.field ?? 'intCounter',
    aggregation: existing?.aggregation ?? 'count',
    unit: existing?.unit ?? '',
    description: existing?.description ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function save() {
    setSaving(true);
    setErrors({});
    const body = { ...draft, eId: draft.eId || null, description: draft.description || null };
    try {
      if (existing) await api.usageMetrics.update(existing.documentId, body);
      else await api.usageMetrics.create(body);
      toggleNotification({ type: 'success', message: existing ? 'Usage metric saved' : 'Usage metric created' });
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
        <Modal.Header><Modal.Title>{existing ? `Edit ${existing.name}` : 'Add usage metric'}</Modal.Title></Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="code" label="Code" value={draft.code} onChange={set('code')} error={errors.code} hint="Permanent, e.g. LAUNDRY_CYCLES" required /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="name" label="Name" value={draft.name} onChange={set('name')} error={errors.name} required /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="eGroup" label="eGroup" value={draft.eGroup} onChange={set('eGroup')} error={errors.eGroup} required /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="eId" label="eId" value={draft.eId} onChange={set('eId')} error={errors.eId} hint="Empty = every eId of the group" /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="field" error={errors.field}>
                <Field.Label>Field</Field.Label>
                <SingleSelect value={draft.field} onChange={(v: string | number) => set('field')(String(v))}>
                  {FIELDS.map((f) => <SingleSelectOption key={f} value={f}>{f}</SingleSelectOption>)}
                </SingleSelect>
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="aggregation" error={errors.aggregation}>
                <Field.Label>Aggregation</Field.Label>
                <SingleSelect value={draft.aggregation} onChange={(v: string | number) => set('aggregation')(String(v))}>
                  {Object.entries(AGGREGATIONS).map(([value, label]) => <SingleSelectOption key={value} value={value}>{label}</SingleSelectOption>)}
                </SingleSelect>
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="unit" label="Unit" value={draft.unit} onChange={set('unit')} error={errors.unit} hint="e.g. cycle, kWh" required /></Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch"><TextField name="description" label="Description" value={draft.description} onChange={set('description')} error={errors.description} /></Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close><Button variant="tertiary">Cancel</Button></Modal.Close>
          <Button onClick={save} loading={saving}>{existing ? 'Save changes' : 'Create usage metric'}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
