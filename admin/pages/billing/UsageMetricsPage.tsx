import { useState } from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useBillingApi, type UsageMetric } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { TextField } from './fields';

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
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('rates'));
  return (
    <ResourceListPage<UsageMetric>
      title="Usage metrics"
      subtitle="What a usage rate prices: e.g. laundry cycles counted from eGroup “laundry”."
      addLabel="Add usage metric"
      emptyText="No usage metrics yet."
      access={access}
      load={({ page }) => api.usageMetrics.list({ page, pageSize: 100 })}
      rowTestId={(m) => `usage-metric-${m.code}`}
      itemLabel={(m) => m.name}
      columns={[
        { header: 'Code', cell: (m) => <Typography fontWeight="bold">{m.code}</Typography> },
        { header: 'Name', cell: (m) => <Typography>{m.name}</Typography> },
        {
          header: 'Records',
          cell: (m) => <Typography>{`${m.eGroup}${m.eId ? ` / ${m.eId}` : ''} · ${m.field}`}</Typography>,
        },
        {
          header: 'Aggregation',
          cell: (m) => <Typography>{AGGREGATIONS[m.aggregation] ?? m.aggregation}</Typography>,
        },
        { header: 'Unit', cell: (m) => <Typography>{m.unit}</Typography> },
      ]}
      remove={(m) => api.usageMetrics.remove(m.documentId)}
      confirmRemove={(m) => `Delete ${m.name}? A metric that rates use can't be deleted.`}
      removed={(m) => `${m.name} deleted`}
      form={(props) => <MetricForm {...props} />}
    />
  );
}

function MetricForm({ existing, onClose, onSaved }: FormProps<UsageMetric>) {
  const api = useBillingApi();
  const { errors, saving, submit } = useSaveForm(onSaved);
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
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  function save() {
    const body = { ...draft, eId: draft.eId || null, description: draft.description || null };
    return submit(
      () => (existing ? api.usageMetrics.update(existing.documentId, body) : api.usageMetrics.create(body)),
      existing ? 'Usage metric saved' : 'Usage metric created',
    );
  }

  return (
    <FormModal
      title={existing ? `Edit ${existing.name}` : 'Add usage metric'}
      saveLabel={existing ? 'Save changes' : 'Create usage metric'}
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
            hint="Permanent, e.g. LAUNDRY_CYCLES"
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
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="eGroup"
            label="eGroup"
            value={draft.eGroup}
            onChange={set('eGroup')}
            error={errors.eGroup}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="eId"
            label="eId"
            value={draft.eId}
            onChange={set('eId')}
            error={errors.eId}
            hint="Empty = every eId of the group"
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="field" error={errors.field}>
            <Field.Label>Field</Field.Label>
            <SingleSelect value={draft.field} onChange={(v: string | number) => set('field')(String(v))}>
              {FIELDS.map((f) => (
                <SingleSelectOption key={f} value={f}>
                  {f}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="aggregation" error={errors.aggregation}>
            <Field.Label>Aggregation</Field.Label>
            <SingleSelect
              value={draft.aggregation}
              onChange={(v: string | number) => set('aggregation')(String(v))}
            >
              {Object.entries(AGGREGATIONS).map(([value, label]) => (
                <SingleSelectOption key={value} value={value}>
                  {label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="unit"
            label="Unit"
            value={draft.unit}
            onChange={set('unit')}
            error={errors.unit}
            hint="e.g. cycle, kWh"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="description"
            label="Description"
            value={draft.description}
            onChange={set('description')}
            error={errors.description}
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
