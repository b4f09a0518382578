import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  SearchForm,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import { BILLING_POINT_KINDS, useBillingApi } from '../../api/billing-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { BillingPointForm } from './BillingPointForm';
import { useT } from '../../utils/useT';
import { BASE, useBillingFormat } from './format';
import { Pager } from '../../components/Pager';
import { useLoader } from '../../hooks/useLoader';

const ALL = '__all__';

/** Billing points (the guide's "Billing points"): who occupies each one today, and who pays while it is vacant. */
export function BillingPointsPage() {
  const { can, isLoading } = usePluginPermissions('billing');
  const api = useBillingApi();
  const navigate = useNavigate();
  const t = useT();
  const { formatDate, kindLabel } = useBillingFormat();
  const [filters, setFilters] = useState({ q: '', building: ALL, kind: ALL, page: 1 });
  const buildings = useLoader(() => api.buildings.list({ pageSize: 100 }), [api], can.read);
  const points = useLoader(
    () =>
      api.billingPoints.list({
        q: filters.q || undefined,
        building: filters.building === ALL ? undefined : filters.building,
        kind: filters.kind === ALL ? undefined : filters.kind,
        page: filters.page,
        pageSize: 25,
      }),
    [api, filters],
    can.read,
  );
  const [creating, setCreating] = useState(false);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));

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
              <Link to={`${BASE}/buildings`}>{t('billing.buildings.title', 'Buildings')}</Link>
            </Typography>
          </Box>
        )}
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <SearchForm onSubmit={(e: React.FormEvent) => e.preventDefault()}>
            <Searchbar
              name="q"
              value={filters.q}
              onClear={() => set({ q: '' })}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ q: e.target.value })}
              clearLabel={t('list.clear-search', 'Clear')}
              placeholder={t('billing.points.search-placeholder', 'Code or name')}
            >
              {t('billing.points.search', 'Search billing points')}
            </Searchbar>
          </SearchForm>
          <Field.Root name="building">
            <Field.Label>{t('field.building', 'Building')}</Field.Label>
            <SingleSelect
              value={filters.building}
              onChange={(v: string | number) => set({ building: String(v) })}
            >
              <SingleSelectOption value={ALL}>
                {t('billing.points.all-buildings', 'All buildings')}
              </SingleSelectOption>
              {(buildings.data?.data ?? []).map((b) => (
                <SingleSelectOption key={b.documentId} value={b.documentId}>
                  {b.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Field.Root name="kind">
            <Field.Label>{t('field.kind', 'Kind')}</Field.Label>
            <SingleSelect value={filters.kind} onChange={(v: string | number) => set({ kind: String(v) })}>
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
        {points.data && (
          <>
            <Table colCount={6} rowCount={points.data.data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('field.code', 'Code')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('field.name', 'Name')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('field.kind', 'Kind')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('field.building', 'Building')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {t('billing.points.occupant-today', 'Occupant today')}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {points.data.data.length === 0 && (
                  <Tr>
                    <Td colSpan={6}>
                      <Typography>{t('billing.points.empty', 'No billing points found.')}</Typography>
                    </Td>
                  </Tr>
                )}
                {points.data.data.map((p) => (
                  <Tr
                    key={p.documentId}
                    data-testid={`billing-point-${p.code}`}
                    onClick={() => navigate(`${BASE}/billing-points/${p.documentId}`)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Td>
                      <Link
                        to={`${BASE}/billing-points/${p.documentId}`}
                        onClick={(e) => e.stopPropagation()}
                      >
                        <Typography fontWeight="bold">{p.code}</Typography>
                      </Link>
                    </Td>
                    <Td>
                      <Typography>{p.name}</Typography>
                    </Td>
                    <Td>
                      <Typography>{kindLabel(p.kind)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{p.building?.name ?? '—'}</Typography>
                    </Td>
                    <Td>
                      {p.currentOccupant ? (
                        <Typography>
                          {t('billing.points.occupant-since', '{name} (since {date})', {
                            name: p.currentOccupant.party?.displayName ?? '—',
                            date: formatDate(p.currentOccupant.entryDate),
                          })}
                        </Typography>
                      ) : (
                        <Typography textColor="neutral600">
                          {t('billing.points.vacant', 'Vacant — billed to {payer}', {
                            payer:
                              p.vacancyBilledTo?.displayName ?? t('billing.points.no-owner', 'no owner set'),
                          })}
                        </Typography>
                      )}
                    </Td>
                    <Td>
                      <Badge active={p.active}>
                        {p.active
                          ? t('channels.status.active', 'Active')
                          : t('channels.status.inactive', 'Inactive')}
                      </Badge>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Pager
              page={filters.page}
              pageCount={points.data.meta.pagination.pageCount}
              onPage={(page) => setFilters((f) => ({ ...f, page }))}
            />
          </>
        )}
      </Layouts.Content>
      {creating && buildings.data && (
        <BillingPointForm
          existing={null}
          buildings={buildings.data.data}
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
