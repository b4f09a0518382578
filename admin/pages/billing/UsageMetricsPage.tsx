import type { MessageDescriptor } from 'react-intl';
import { msg, useT } from '../../utils/useT';
import { useState } from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useBillingApi, type UsageMetric } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { FormCell, SelectField, TextField } from './fields';

/** The usage record fields a metric can read, by the names a person knows (the guide's IntCounter …). */
const FIELDS: Record<string, MessageDescriptor> = {
  intCounter: msg('billing.metrics.field.int-counter', 'IntCounter'),
  intCounter2: msg('billing.metrics.field.int-counter2', 'IntCounter2'),
  intCounter3: msg('billing.metrics.field.int-counter3', 'IntCounter3'),
  intCounter4: msg('billing.metrics.field.int-counter4', 'IntCounter4'),
  intCounter5: msg('billing.metrics.field.int-counter5', 'IntCounter5'),
  temperature: msg('usage.temperature', 'Temperature'),
};
const AGGREGATIONS: Record<string, MessageDescriptor> = {
  count: msg('billing.metrics.agg.count', 'Count of records'),
  sum: msg('billing.metrics.agg.sum', 'Sum of the field'),
  delta: msg('billing.metrics.agg.delta', 'Growth of a cumulative counter'),
  max: msg('billing.metrics.agg.max', 'Largest value'),
  latest: msg('billing.metrics.agg.latest', 'Latest value'),
};

/** Usage metrics: which usage records a rate prices, and how they add up (rates.read / rates.write). */
export function UsageMetricsPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('rates'));
  const t = useT();
  return (
    <ResourceListPage<UsageMetric>
      title={t('billing.metrics.title', 'Usage metrics')}
      subtitle={t(
        'billing.metrics.subtitle',
        'What a usage rate prices: e.g. laundry cycles counted from eGroup “laundry”.',
      )}
      addLabel={t('billing.metrics.add', 'Add usage metric')}
      emptyText={t('billing.metrics.empty', 'No usage metrics yet.')}
      access={access}
      load={(params) => api.usageMetrics.list(params)}
      rowTestId={(m) => `usage-metric-${m.code}`}
      itemLabel={(m) => m.name}
      columns={[
        { header: t('field.code', 'Code'), cell: (m) => <Typography fontWeight="bold">{m.code}</Typography> },
        { header: t('field.name', 'Name'), cell: (m) => <Typography>{m.name}</Typography> },
        {
          header: t('billing.metrics.records', 'Records'),
          cell: (m) => <Typography>{`${m.eGroup}${m.eId ? ` / ${m.eId}` : ''} · ${m.field}`}</Typography>,
        },
        {
          header: t('field.aggregation', 'Aggregation'),
          cell: (m) => (
            <Typography>
              {AGGREGATIONS[m.aggregation] ? t(AGGREGATIONS[m.aggregation]) : m.aggregation}
            </Typography>
          ),
        },
        { header: t('field.unit', 'Unit'), cell: (m) => <Typography>{m.unit}</Typography> },
      ]}
      remove={(m) => api.usageMetrics.remove(m.documentId)}
      confirmRemove={(m) =>
        t('billing.metrics.confirm-delete', "Delete {name}? A metric that rates use can't be deleted.", {
          name: m.name,
        })
      }
      removed={(m) => t('common.deleted', '{name} deleted', { name: m.name })}
      form={(props) => <MetricForm {...props} />}
    />
  );
}

function MetricForm({ existing, onClose, onSaved }: FormProps<UsageMetric>) {
  const api = useBillingApi();
  const t = useT();
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
      existing
        ? t('billing.metrics.saved', 'Usage metric saved')
        : t('billing.metrics.created', 'Usage metric created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.name })
          : t('billing.metrics.add', 'Add usage metric')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('billing.metrics.create', 'Create usage metric')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <FormCell>
          <TextField
            name="code"
            label={t('field.code', 'Code')}
            value={draft.code}
            onChange={set('code')}
            error={errors.code}
            hint={t('billing.metrics.code-hint', 'Permanent, e.g. LAUNDRY_CYCLES')}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="name"
            label={t('field.name', 'Name')}
            value={draft.name}
            onChange={set('name')}
            error={errors.name}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="eGroup"
            label={t('usage.egroup', 'eGroup')}
            value={draft.eGroup}
            onChange={set('eGroup')}
            error={errors.eGroup}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="eId"
            label={t('usage.eid', 'eId')}
            value={draft.eId}
            onChange={set('eId')}
            error={errors.eId}
            hint={t('billing.metrics.eid-hint', 'Empty = every eId of the group')}
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="field"
            label={t('billing.metrics.field', 'Field')}
            value={draft.field}
            onChange={set('field')}
            options={Object.entries(FIELDS).map(([value, label]) => ({ value, label: t(label) }))}
            error={errors.field}
          />
        </FormCell>
        <FormCell>
          <SelectField
            name="aggregation"
            label={t('field.aggregation', 'Aggregation')}
            value={draft.aggregation}
            onChange={set('aggregation')}
            options={Object.entries(AGGREGATIONS).map(([value, label]) => ({ value, label: t(label) }))}
            error={errors.aggregation}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="unit"
            label={t('field.unit', 'Unit')}
            value={draft.unit}
            onChange={set('unit')}
            error={errors.unit}
            hint={t('billing.metrics.unit-hint', 'e.g. cycle, kWh')}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="description"
            label={t('field.description', 'Description')}
            value={draft.description}
            onChange={set('description')}
            error={errors.description}
          />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
