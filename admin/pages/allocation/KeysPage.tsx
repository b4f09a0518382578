import { useState } from 'react';
import { Box, Grid, IconButton, Typography } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useAllocationApi, type AllocationKeys } from '../../api/allocation-client';
import { useBillingApi, type BillingPoint } from '../../api/billing-client';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { useListQuery } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { localList } from '../../utils/local-list';
import { useT } from '../../utils/useT';
import { FormCell, TextField } from '../billing/fields';
import { AllocationNav } from './AllocationNav';
import { BuildingPicker, useBuildingChoice } from './BuildingPicker';
import { PeriodPicker, usePeriodChoice } from './PeriodPicker';
import { allPages } from '../../api/all-pages';

/**
 * One billing point of the building with its fixed keys (null: none entered, it takes no part);
 * in a period, `inherited` when the point has no keys of the period and the default applies.
 */
type Row = { point: BillingPoint; keys: AllocationKeys | null; inherited: boolean };

/**
 * The fixed allocation keys of a building's billing points: heated area (m²),
 * value quota (‰), persons and units. A point without keys takes no part in the
 * settlement (a parking space sharing no heating); the run lists it. The totals
 * show what each key shares by; value quotas of a whole building add up to 1000 ‰.
 */
export function KeysPage() {
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const billing = useBillingApi();
  const t = useT();
  const fmt = useFormat();
  const list = useListQuery([]);
  const [building, setBuilding] = useBuildingChoice();
  const [period, setPeriod] = usePeriodChoice();
  const [editing, setEditing] = useState<Row | null>(null);
  const { data, error, reload } = useLoader(async () => {
    if (!building) return null;
    const [points, defaults, own, all] = await Promise.all([
      allPages((page) => billing.billingPoints.list({ building, sort: 'code:asc', ...page })),
      allPages((page) => api.keys.list({ building, periodKey: 'default', ...page })),
      period ? allPages((page) => api.keys.list({ building, periodKey: period, ...page })) : null,
      allPages((page) => api.keys.list({ building, sort: 'periodKey:desc', ...page })),
    ]);
    const byPoint = (rows: AllocationKeys[]) => new Map(rows.map((k) => [k.billingPointRef, k]));
    const defaultOf = byPoint(defaults.data);
    const ownOf = byPoint(own?.data ?? []);
    return {
      known: all.data.map((k) => k.periodKey),
      rows: points.data.map((point) => {
        const keys = ownOf.get(point.documentId) ?? defaultOf.get(point.documentId) ?? null;
        return { point, keys, inherited: !!period && !!keys && !ownOf.has(point.documentId) };
      }),
    };
  }, [api, billing, building, period]);
  const rows = data?.rows ?? [];
  /** The default keys of every point the period has none of, entered as the period's own. */
  async function copyDefault() {
    // Read afresh, not from the table: it may still show the set chosen before.
    const [defaults, own] = await Promise.all([
      allPages((page) => api.keys.list({ building, periodKey: 'default', ...page })),
      allPages((page) => api.keys.list({ building, periodKey: period, ...page })),
    ]);
    const present = new Set(own.data.map((k) => k.billingPointRef));
    for (const k of defaults.data.filter((d) => !present.has(d.billingPointRef)))
      await api.keys.create({ ...keysBody(k.billingPointRef, k), periodKey: period });
    await reload();
  }
  const number = (value: string | null | undefined, digits = 2) => (value ? fmt.number(value, digits) : '—');
  const key = (name: keyof AllocationKeys, label: string): DataColumn<Row> => ({
    name,
    label,
    sortable: true,
    width: '11rem',
    text: (r) => number(r.keys?.[name]),
    sortValue: (r) => Number(r.keys?.[name] ?? -1),
  });
  const columns: DataColumn<Row>[] = [
    {
      name: 'billingPoint',
      label: t('allocation.billing-point', 'Billing point'),
      sortable: true,
      text: (r) => `${r.point.code} ${r.point.name}`,
    },
    key('heatedArea', t('allocation.keys.area', 'Heated area (m²)')),
    key('valueQuota', t('allocation.keys.value-quota', 'Value quota (‰)')),
    key('persons', t('allocation.keys.persons', 'Persons')),
    key('units', t('allocation.keys.units', 'Units')),
    ...(period
      ? [
          {
            name: 'set',
            label: t('allocation.period-set', 'Valid for'),
            text: (r: Row) =>
              r.inherited
                ? t('allocation.period-set.default', 'Default (every period)')
                : t('allocation.period-set.this', 'This period'),
          },
        ]
      : []),
  ];
  const { result, loadPage } = localList(rows, columns, list, t.locale);
  const sum = (name: 'heatedArea' | 'valueQuota') =>
    rows.reduce((total, r) => total + Number(r.keys?.[name] ?? 0), 0);
  const quota = sum('valueQuota');
  const title = t('allocation.keys.title', 'Allocation keys');

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<AllocationNav t={t} />}
        title={title}
        subtitle={t(
          'allocation.keys.subtitle',
          'What each billing point bears of the costs shared by area, value quota, persons or units. A billing point without keys takes no part.',
        )}
      />
      <Layouts.Content>
        <BuildingPicker value={building} onChange={setBuilding} />
        {building && (
          <PeriodPicker
            building={building}
            value={period}
            onChange={setPeriod}
            known={data?.known ?? []}
            copyDefault={can.write ? copyDefault : undefined}
          />
        )}
        {error && <Typography textColor="danger600">{error}</Typography>}
        {building && (
          <>
            <DataTable
              columns={columns}
              result={data ? result : null}
              emptyText={t('allocation.keys.empty', 'This building has no billing points.')}
              rowKey={(r) => r.point.documentId}
              rowTestId={(r) => `keys-${r.point.code}`}
              exportCsv={{ name: 'allocation-keys', loadPage }}
              actions={
                can.write
                  ? {
                      label: t('list.actions', 'Actions'),
                      cell: (r) => (
                        <IconButton
                          label={t('allocation.keys.edit', 'Edit the keys of {name}', {
                            name: r.point.code,
                          })}
                          onClick={() => setEditing(r)}
                        >
                          <Pencil />
                        </IconButton>
                      ),
                    }
                  : undefined
              }
            />
            {data && (
              <Box paddingTop={4}>
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'allocation.keys.totals',
                    'Building total: {area} m² heated area, {quota} ‰ value quota',
                    {
                      area: fmt.number(String(sum('heatedArea')), 2),
                      quota: fmt.number(String(quota), 2),
                    },
                  )}
                </Typography>
                {quota > 0 && Math.abs(quota - 1000) > 1e-9 && (
                  <Typography tag="p" variant="pi" textColor="warning600">
                    {t(
                      'allocation.keys.quota-warning',
                      'The value quotas add up to {quota} ‰, not 1000 ‰: costs are still shared in proportion, but check the figures.',
                      { quota: fmt.number(String(quota), 2) },
                    )}
                  </Typography>
                )}
              </Box>
            )}
          </>
        )}
      </Layouts.Content>
      {editing && (
        <KeysForm
          row={editing}
          period={period}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
    </Page.Main>
  );
}

/** The body of a point's keys (the form's fields as the API takes them). */
const keysBody = (
  billingPoint: string,
  keys: Pick<AllocationKeys, 'heatedArea' | 'valueQuota' | 'persons' | 'units'>,
) => ({
  billingPoint,
  heatedArea: keys.heatedArea,
  valueQuota: keys.valueQuota || null,
  persons: keys.persons || null,
  units: keys.units || null,
});

function KeysForm({
  row,
  period,
  onClose,
  onSaved,
}: {
  row: Row;
  period: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useAllocationApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    heatedArea: row.keys?.heatedArea ?? '',
    valueQuota: row.keys?.valueQuota ?? '',
    persons: row.keys?.persons ?? '',
    units: row.keys?.units ?? '',
  });
  const set = (name: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  function save() {
    const body = { ...keysBody(row.point.documentId, draft), periodKey: period };
    // Keys inherited from the default become the period's own: a new row, the default untouched.
    const own = row.keys && !row.inherited ? row.keys : null;
    return submit(
      () => (own ? api.keys.update(own.documentId, body) : api.keys.create(body)),
      t('allocation.keys.saved', 'Keys of {name} saved', { name: row.point.code }),
    );
  }
  return (
    <FormModal
      title={t('allocation.keys.edit', 'Edit the keys of {name}', { name: row.point.code })}
      saveLabel={t('form.save-changes', 'Save changes')}
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <FormCell>
          <TextField
            name="heatedArea"
            label={t('allocation.keys.area', 'Heated area (m²)')}
            value={draft.heatedArea}
            onChange={set('heatedArea')}
            error={errors.heatedArea}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="valueQuota"
            label={t('allocation.keys.value-quota', 'Value quota (‰)')}
            value={draft.valueQuota}
            onChange={set('valueQuota')}
            error={errors.valueQuota}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="persons"
            label={t('allocation.keys.persons', 'Persons')}
            value={draft.persons}
            onChange={set('persons')}
            error={errors.persons}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="units"
            label={t('allocation.keys.units', 'Units')}
            value={draft.units}
            onChange={set('units')}
            error={errors.units}
          />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
