import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Link,
  Flex,
  SearchForm,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useNavigate } from 'react-router-dom';
import { BILLING_POINT_KINDS, useBillingApi, type BillingPoint } from '../../api/billing-client';
import { BuildingCombobox } from '../../components/record-pickers';
import { CellText, DataTable, type DataColumn } from '../../components/DataTable';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { BillingPointForm } from './BillingPointForm';
import { useT } from '../../utils/useT';
import { BASE, useBillingFormat } from './format';
import { useLoader } from '../../hooks/useLoader';

const ALL = '__all__';
const FILTERS = ['q', 'building', 'kind'] as const;

/** Billing points (the guide's "Billing points"): who occupies each one today, and who pays while it is vacant. */
export function BillingPointsPage() {
  const { can, isLoading } = usePluginPermissions('billing');
  const api = useBillingApi();
  const navigate = useNavigate();
  const t = useT();
  const { formatDate, kindLabel } = useBillingFormat();
  const list = useListQuery(FILTERS, { defaultSort: 'code:ASC' });
  const [draft, setDraft] = useFilterDraft(list.filters);
  // Only whether there is any building: the form and the filter search them.
  const buildings = useLoader(() => api.buildings.list({ pageSize: 1 }), [api], can.read);
  const points = useLoader(() => api.billingPoints.list(list.params), [api, list.params], can.read);
  const [creating, setCreating] = useState(false);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  const occupantText = (p: BillingPoint) =>
    p.currentOccupant
      ? t('billing.points.occupant-since', '{name} (since {date})', {
          name: p.currentOccupant.party?.displayName ?? '—',
          date: formatDate(p.currentOccupant.entryDate),
        })
      : t('billing.points.vacant', 'Vacant — billed to {payer}', {
          payer: p.vacancyBilledTo?.displayName ?? t('billing.points.no-owner', 'no owner set'),
        });
  const statusText = (p: BillingPoint) =>
    p.active ? t('channels.status.active', 'Active') : t('channels.status.inactive', 'Inactive');
  const columns: DataColumn<BillingPoint>[] = [
    {
      name: 'code',
      label: t('field.code', 'Code'),
      sortable: true,
      width: '7rem',
      text: (p) => p.code,
      cell: (p) => (
        <Link
          tag={NavLink}
          to={`${BASE}/billing-points/${p.documentId}`}
          onClick={(e: React.MouseEvent) => e.stopPropagation()}
        >
          {p.code}
        </Link>
      ),
    },
    { name: 'name', label: t('field.name', 'Name'), sortable: true, text: (p) => p.name },
    { name: 'kind', label: t('field.kind', 'Kind'), sortable: true, text: (p) => kindLabel(p.kind) },
    { name: 'building', label: t('field.building', 'Building'), text: (p) => p.building?.name ?? '—' },
    {
      name: 'occupant',
      label: t('billing.points.occupant-today', 'Occupant today'),
      text: occupantText,
      cell: (p) => <CellText text={occupantText(p)} muted={!p.currentOccupant} />,
    },
    {
      name: 'active',
      label: t('channels.col.status', 'Status'),
      sortable: true,
      width: '8rem',
      text: statusText,
      cell: (p) => <Badge variant={p.active ? 'success' : 'neutral'}>{statusText(p)}</Badge>,
    },
  ];

  return (
    <Page.Main>
      <Page.Title>{t('billing.points.title', 'Billing points')}</Page.Title>
      <Layouts.Header
        title={t('billing.points.title', 'Billing points')}
        subtitle={t(
          'billing.points.subtitle',
          'Apartments, villas, shops, workshops and parking spaces: one invoice each.',
        )}
        primaryAction={
          can.write ? (
            <Button
              startIcon={<Plus />}
              onClick={() => setCreating(true)}
              disabled={!buildings.data?.data.length}
            >
              {t('billing.points.add', 'Add billing point')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {buildings.data && buildings.data.data.length === 0 && (
          <Box paddingBottom={4}>
            <Typography>
              {t('billing.points.start-with-building', 'Start with a building:')}{' '}
              <Link tag={NavLink} to={`${BASE}/buildings`}>
                {t('billing.buildings.title', 'Buildings')}
              </Link>
            </Typography>
          </Box>
        )}
        <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
          <SearchForm
            onSubmit={(e: React.FormEvent) => {
              e.preventDefault();
              list.setFilters({ q: draft.q });
            }}
          >
            <Searchbar
              name="q"
              value={draft.q}
              onClear={() => list.setFilters({ q: '' })}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                setDraft((d) => ({ ...d, q: e.target.value }));
                list.setFilters({ q: e.target.value }, { replace: true });
              }}
              clearLabel={t('list.clear-search', 'Clear')}
              placeholder={t('billing.points.search-placeholder', 'Code or name')}
            >
              {t('billing.points.search', 'Search billing points')}
            </Searchbar>
          </SearchForm>
          <BuildingCombobox
            value={list.filters.building || null}
            placeholder={t('billing.points.all-buildings', 'All buildings')}
            onChange={(building) => list.setFilters({ building: building ?? '' })}
          />
          <Field.Root name="kind">
            <Field.Label>{t('field.kind', 'Kind')}</Field.Label>
            <SingleSelect
              value={list.filters.kind || ALL}
              onChange={(v: string | number) => list.setFilters({ kind: v === ALL ? '' : String(v) })}
            >
              <SingleSelectOption value={ALL}>
                {t('billing.points.all-kinds', 'All kinds')}
              </SingleSelectOption>
              {BILLING_POINT_KINDS.map((k) => (
                <SingleSelectOption key={k} value={k}>
                  {kindLabel(k)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Flex>
        {points.error && <Typography textColor="danger600">{points.error}</Typography>}
        {!points.data && !points.error && <Page.Loading />}
        <DataTable
          columns={columns}
          result={points.data}
          emptyText={t('billing.points.empty', 'No billing points found.')}
          rowKey={(p) => p.documentId}
          rowTestId={(p) => `billing-point-${p.code}`}
          onRowClick={(p) => navigate(`${BASE}/billing-points/${p.documentId}`)}
          exportCsv={{
            name: 'billing-points',
            loadPage: (page, pageSize) => api.billingPoints.list({ ...list.params, page, pageSize }),
          }}
        />
      </Layouts.Content>
      {creating && buildings.data && (
        <BillingPointForm
          existing={null}
          onClose={() => setCreating(false)}
          onSaved={(point) => {
            setCreating(false);
            navigate(`${BASE}/billing-points/${point.documentId}`);
          }}
        />
      )}
    </Page.Main>
  );
}
