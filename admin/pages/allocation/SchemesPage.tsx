import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import { Box, Button, Checkbox, Dialog, Flex, Grid, IconButton, Typography } from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DEFAULT_CATEGORIES, DEFAULT_SCHEMES, VEWA_HEATING } from '../../../src/allocation/defaults';
import { useAllocationApi, type AllocationKey, type Scheme } from '../../api/allocation-client';
import { toApiFailure } from '../../api/errors';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { useListQuery } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { localList } from '../../utils/local-list';
import { msg, useT, type Translate } from '../../utils/useT';
import { FormCell, SelectField, TextField } from '../billing/fields';
import { GROUPS } from './AdvancesPage';
import { AllocationNav } from './AllocationNav';
import { BuildingPicker, useBuildingChoice } from './BuildingPicker';
import { PeriodPicker, usePeriodChoice } from './PeriodPicker';
import { CATEGORIES } from './CostItemsPage';
import { allPages } from '../../api/all-pages';

/** How a key is named in a scheme ("30 % heated area + 70 % heat meters"). */
export const KEY_NAMES: Record<AllocationKey, MessageDescriptor> = {
  area: msg('allocation.keys.area', 'Heated area (m²)'),
  'value-quota': msg('allocation.keys.value-quota', 'Value quota (‰)'),
  persons: msg('allocation.keys.persons', 'Persons'),
  units: msg('allocation.keys.units', 'Units'),
  heat: msg('allocation.key.heat', 'Heat meters'),
  'hot-water': msg('allocation.key.hot-water', 'Hot-water meters'),
  'cold-water': msg('allocation.key.cold-water', 'Cold-water meters'),
};

type Part = { key: AllocationKey; percent: string };
/** A category of the building: a default one (its own scheme or the default) or one the building defines. */
type Row = {
  code: string;
  name: string | null;
  group: string;
  credit: boolean;
  parts: Part[];
  scheme: Scheme | null;
  /** In a period: the scheme is the building's default one, not the period's own. */
  inherited: boolean;
};

const partsText = (parts: Part[], t: Translate, fmt: ReturnType<typeof useFormat>) =>
  parts.map((p) => `${fmt.number(p.percent, 2)} % ${t(KEY_NAMES[p.key])}`).join(' + ');

/**
 * How each cost category of a building is shared: percentages of fixed keys
 * (heated area, value quota, persons, units) and measured keys (heat, hot
 * water, cold water) adding up to 100 %. Without a scheme of its own a
 * category is shared by the default — heating 30 % by area and 70 % by heat
 * meter (VEWA), hot water by hot-water meter, common electricity and
 * caretaking by value quota. A building may also define categories of its own,
 * a credit category among them (refunds, insurance payouts).
 */
export function SchemesPage() {
  const { can } = usePluginPermissions('allocation');
  const api = useAllocationApi();
  const t = useT();
  const fmt = useFormat();
  const list = useListQuery([]);
  const { toggleNotification } = useNotification();
  const [building, setBuilding] = useBuildingChoice();
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [resetting, setResetting] = useState<Row | null>(null);
  const [period, setPeriod] = usePeriodChoice();
  const { data, error, reload } = useLoader(async () => {
    if (!building) return null;
    const [defaults, ofPeriod, all] = await Promise.all([
      allPages((page) => api.schemes.list({ building, periodKey: 'default', ...page })),
      period ? allPages((page) => api.schemes.list({ building, periodKey: period, ...page })) : null,
      allPages((page) => api.schemes.list({ building, sort: 'periodKey:desc', ...page })),
    ]);
    return {
      defaults: defaults.data,
      ofPeriod: ofPeriod?.data ?? [],
      known: all.data.map((s) => s.periodKey),
    };
  }, [api, building, period]);
  const periodOwn = new Set((data?.ofPeriod ?? []).map((s) => s.category));
  // The period's scheme of a category where it has one, else the building's default.
  const schemes = [
    ...(data?.defaults ?? []).filter((s) => !periodOwn.has(s.category)),
    ...(data?.ofPeriod ?? []),
  ];
  const own = new Map(schemes.map((s) => [s.category, s]));
  const inherited = (scheme: Scheme | null) => !!period && !!scheme && !periodOwn.has(scheme.category);
  /** The building's default schemes the period has none of, entered as the period's own. */
  async function copyDefault() {
    // Read afresh, not from the table: it may still show the set chosen before.
    const [defaults, ofPeriod] = await Promise.all([
      allPages((page) => api.schemes.list({ building, periodKey: 'default', ...page })),
      allPages((page) => api.schemes.list({ building, periodKey: period, ...page })),
    ]);
    const present = new Set(ofPeriod.data.map((s) => s.category));
    for (const s of defaults.data) {
      if (present.has(s.category)) continue;
      await api.schemes.create({
        building,
        category: s.category,
        periodKey: period,
        categoryName: s.categoryName,
        group: s.group,
        credit: Boolean(s.credit),
        parts: s.parts,
      });
    }
    await reload();
  }
  const rows: Row[] = [
    ...DEFAULT_CATEGORIES.map((c) => {
      const scheme = own.get(c.code) ?? null;
      return {
        code: c.code,
        name: null,
        group: c.group,
        credit: scheme?.credit ?? c.credit,
        parts: scheme?.parts ?? DEFAULT_SCHEMES[c.code].map((p) => ({ ...p })),
        scheme,
        inherited: inherited(scheme),
      };
    }),
    ...schemes
      .filter((s) => !DEFAULT_CATEGORIES.some((c) => c.code === s.category))
      .map((s) => ({
        code: s.category,
        name: s.categoryName,
        group: s.group ?? '',
        credit: Boolean(s.credit),
        parts: s.parts,
        scheme: s,
        inherited: inherited(s),
      })),
  ];
  const categoryName = (r: Row) => (CATEGORIES[r.code] ? t(CATEGORIES[r.code]) : (r.name ?? r.code));
  const group = (code: string) => (GROUPS[code] ? t(GROUPS[code]) : code);
  const columns: DataColumn<Row>[] = [
    { name: 'category', label: t('allocation.category', 'Category'), sortable: true, text: categoryName },
    {
      name: 'group',
      label: t('allocation.group', 'Cost group'),
      sortable: true,
      text: (r) => group(r.group),
    },
    {
      name: 'scheme',
      label: t('allocation.key', 'Allocation key'),
      wrap: true,
      text: (r) => partsText(r.parts, t, fmt),
    },
    {
      name: 'source',
      label: t('allocation.schemes.source', 'Applies'),
      width: '12rem',
      text: (r) =>
        r.scheme && !r.inherited && period
          ? t('allocation.period-set.this', 'This period')
          : r.scheme
            ? t('allocation.schemes.own', 'This building’s')
            : t('allocation.schemes.default', 'Default'),
    },
  ];
  const { result, loadPage } = localList(rows, columns, list, t.locale);
  const title = t('allocation.schemes.title', 'Allocation schemes');

  async function reset(row: Row) {
    try {
      await api.schemes.remove(row.scheme!.documentId);
      toggleNotification({
        type: 'success',
        message: t('allocation.schemes.reset-done', '{category} is shared by the default again', {
          category: categoryName(row),
        }),
      });
      await reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setResetting(null);
    }
  }

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<AllocationNav t={t} />}
        title={title}
        subtitle={t(
          'allocation.schemes.subtitle',
          'How each cost category is shared: heating by default 30 % by heated area and 70 % by heat meter (VEWA). Change a scheme for this building, or add a category of its own.',
        )}
        primaryAction={
          can.write && building ? (
            <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
              {t('allocation.schemes.add', 'Add category')}
            </Button>
          ) : undefined
        }
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
          <DataTable
            columns={columns}
            result={data ? result : null}
            emptyText={t('allocation.schemes.empty', 'No categories.')}
            rowKey={(r) => r.code}
            rowTestId={(r) => `scheme-${r.code}`}
            exportCsv={{ name: 'allocation-schemes', loadPage }}
            actions={
              can.write
                ? {
                    label: t('list.actions', 'Actions'),
                    cell: (r) => (
                      <Flex gap={1}>
                        <IconButton
                          label={t('allocation.schemes.edit', 'Change how {category} is shared', {
                            category: categoryName(r),
                          })}
                          onClick={() => setEditing(r)}
                        >
                          <Pencil />
                        </IconButton>
                        {r.scheme && !r.inherited && (
                          <IconButton
                            label={
                              CATEGORIES[r.code]
                                ? t('allocation.schemes.reset', 'Share {category} by the default again', {
                                    category: categoryName(r),
                                  })
                                : t('list.delete', 'Delete {name}', { name: categoryName(r) })
                            }
                            onClick={() => setResetting(r)}
                          >
                            {CATEGORIES[r.code] ? <ArrowClockwise /> : <Trash />}
                          </IconButton>
                        )}
                      </Flex>
                    ),
                  }
                : undefined
            }
          />
        )}
      </Layouts.Content>
      {editing && (
        <SchemeForm
          building={building}
          period={period}
          row={editing === 'new' ? null : editing}
          categoryName={editing === 'new' ? '' : categoryName(editing)}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
      <Dialog.Root open={resetting !== null} onOpenChange={(open) => !open && setResetting(null)}>
        {resetting && (
          <ConfirmDialog onConfirm={() => reset(resetting)}>
            {CATEGORIES[resetting.code]
              ? t(
                  'allocation.schemes.confirm-reset',
                  'Share {category} by the default again ({parts})? Settlements run from now on use the default.',
                  {
                    category: categoryName(resetting),
                    parts: partsText(DEFAULT_SCHEMES[resetting.code] as Part[], t, fmt),
                  },
                )
              : t(
                  'allocation.schemes.confirm-delete',
                  'Delete the category {category}? Its cost items can then no longer be settled.',
                  { category: categoryName(resetting) },
                )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}

function SchemeForm(props: {
  building: string;
  period: string;
  row: Row | null;
  categoryName: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { row } = props;
  const api = useAllocationApi();
  const t = useT();
  const fmt = useFormat();
  const { errors, saving, submit } = useSaveForm(props.onSaved);
  const custom = !row || !CATEGORIES[row.code];
  const [draft, setDraft] = useState({
    category: row?.code ?? '',
    categoryName: row?.name ?? '',
    group: row?.group || 'operating',
    credit: row?.credit ?? false,
  });
  const [parts, setParts] = useState<Part[]>(
    row?.parts.map((p) => ({ ...p })) ?? [{ key: 'area', percent: '100' }],
  );
  const total = parts.reduce((sum, p) => sum + (Number(p.percent.replace(',', '.')) || 0), 0);
  const setPart = (index: number, part: Partial<Part>) =>
    setParts((all) => all.map((p, i) => (i === index ? { ...p, ...part } : p)));
  const unused = (Object.keys(KEY_NAMES) as AllocationKey[]).filter((k) => !parts.some((p) => p.key === k));

  function save() {
    const body = {
      building: props.building,
      periodKey: props.period,
      category: draft.category.trim(),
      categoryName: custom ? draft.categoryName.trim() || null : null,
      group: custom ? draft.group : null,
      credit: draft.credit,
      parts: parts.map((p) => ({ key: p.key, percent: p.percent.replace(',', '.') })),
    };
    return submit(
      // A scheme inherited from the default becomes the period's own: a new row, the default untouched.
      () =>
        row?.scheme && !row.inherited
          ? api.schemes.update(row.scheme.documentId, body)
          : api.schemes.create(body),
      t('allocation.schemes.saved', 'Scheme saved'),
    );
  }

  return (
    <FormModal
      title={
        row
          ? t('allocation.schemes.edit', 'Change how {category} is shared', { category: props.categoryName })
          : t('allocation.schemes.add', 'Add category')
      }
      saveLabel={t('form.save-changes', 'Save changes')}
      saving={saving}
      saveDisabled={parts.length === 0 || !draft.category.trim()}
      onSave={() => void save()}
      onClose={props.onClose}
    >
      <Grid.Root gap={4}>
        {!row && (
          <FormCell>
            <TextField
              name="category"
              label={t('allocation.schemes.code', 'Code')}
              value={draft.category}
              onChange={(v) => setDraft((d) => ({ ...d, category: v }))}
              error={errors.category}
              hint={t('allocation.schemes.code-hint', 'Short and unique, e.g. garden or insurance-refund')}
              required
            />
          </FormCell>
        )}
        {custom && (
          <>
            <FormCell>
              <TextField
                name="categoryName"
                label={t('field.name', 'Name')}
                value={draft.categoryName}
                onChange={(v) => setDraft((d) => ({ ...d, categoryName: v }))}
                error={errors.categoryName}
                required
              />
            </FormCell>
            <FormCell>
              <SelectField
                name="group"
                label={t('allocation.group', 'Cost group')}
                value={draft.group}
                onChange={(v) => setDraft((d) => ({ ...d, group: v }))}
                options={Object.entries(GROUPS).map(([value, l]) => ({ value, label: t(l) }))}
                error={errors.group}
                hint={t('allocation.schemes.group-hint', 'The advances of this group pay for the category')}
                required
              />
            </FormCell>
            <FormCell>
              <Box paddingTop={6}>
                <Checkbox
                  name="credit"
                  checked={draft.credit}
                  onCheckedChange={(v: boolean | 'indeterminate') =>
                    setDraft((d) => ({ ...d, credit: v === true }))
                  }
                >
                  {t('allocation.schemes.credit', 'Credit category (negative amounts allowed)')}
                </Checkbox>
              </Box>
            </FormCell>
          </>
        )}
        {parts.map((part, index) => (
          <Grid.Item key={index} col={12} gap={2} alignItems="end">
            <Box flex="2">
              <SelectField
                name={`parts.${index}.key`}
                label={t('allocation.key', 'Allocation key')}
                value={part.key}
                onChange={(v) => setPart(index, { key: v as AllocationKey })}
                options={[part.key, ...unused].map((k) => ({ value: k, label: t(KEY_NAMES[k]) }))}
                error={errors[`parts.${index}.key`]}
              />
            </Box>
            <Box flex="1">
              <TextField
                name={`parts.${index}.percent`}
                label={t('allocation.schemes.percent', 'Share (%)')}
                value={part.percent}
                onChange={(v) => setPart(index, { percent: v })}
                error={errors[`parts.${index}.percent`]}
              />
            </Box>
            <IconButton
              label={t('allocation.schemes.remove-part', 'Remove {key}', { key: t(KEY_NAMES[part.key]) })}
              onClick={() => setParts((all) => all.filter((_, i) => i !== index))}
            >
              <Trash />
            </IconButton>
          </Grid.Item>
        ))}
        <Grid.Item col={12} gap={2}>
          <Button
            variant="secondary"
            startIcon={<Plus />}
            disabled={unused.length === 0}
            onClick={() => setParts((all) => [...all, { key: unused[0], percent: '' }])}
          >
            {t('allocation.schemes.add-part', 'Add a key')}
          </Button>
          <Button variant="tertiary" onClick={() => setParts(VEWA_HEATING.map((p) => ({ ...p })))}>
            {t('allocation.schemes.vewa', 'VEWA 30 % area / 70 % heat meter')}
          </Button>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Typography variant="pi" textColor={Math.abs(total - 100) < 1e-9 ? 'neutral600' : 'danger600'}>
            {t('allocation.schemes.total', 'Together {total} % (must be 100 %)', {
              total: fmt.number(String(total), 2),
            })}
          </Typography>
          {errors.parts && <Typography textColor="danger600">{errors.parts}</Typography>}
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
