import { useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  IconButton,
  Link,
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
import { Pencil, Plus } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { useLoader } from '../../hooks/useLoader';
import { useCatalogApi, type Device } from '../../api/catalog-client';
import { DeviceForm } from './DeviceForm';
import { METERS_BASE } from './DeviceDetailPage';
import { Pager } from '../../components/Pager';
import { useT } from '../../utils/useT';
import { allPages } from '../../api/all-pages';

const ALL = '__all__';

/** Devices (meters): search by meter number or label, filter, page, create, rename; a meter number opens its page. */
export function DevicesTab({ canWrite }: { canWrite: boolean }) {
  const api = useCatalogApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [q, setQ] = useState('');
  const [deviceType, setDeviceType] = useState(ALL);
  const [active, setActive] = useState(ALL);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Device | 'new' | null>(null);

  const {
    data: result,
    error: failure,
    reload,
  } = useLoader(() => {
    const params: Record<string, string | number> = { page, pageSize: 20 };
    if (q.trim()) params.q = q.trim();
    if (deviceType !== ALL) params.deviceType = deviceType;
    if (active !== ALL) params.active = active;
    return api.devices.list(params);
  }, [api, q, deviceType, active, page]);
  useEffect(() => {
    if (failure) toggleNotification({ type: 'danger', message: failure });
  }, [failure, toggleNotification]);
  const deviceTypes = useLoader(() => allPages((page) => api.deviceTypes.list(page)), [api]).data?.data ?? [];
  const matrix = useLoader(() => api.activation.matrix(), [api]).data ?? null;

  return (
    <Box>
      <Flex gap={3} paddingBottom={4} wrap="wrap">
        <Box style={{ minWidth: 280 }}>
          <Searchbar
            name="q"
            value={q}
            placeholder={t('meters.search-placeholder', 'Search meter number or label')}
            clearLabel={t('list.clear-search', 'Clear')}
            onClear={() => setQ('')}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              setQ(e.target.value);
              setPage(1);
            }}
          >
            {t('meters.search', 'Search devices')}
          </Searchbar>
        </Box>
        <SingleSelect
          aria-label={t('field.device-type', 'Meter type')}
          value={deviceType}
          onChange={(v: string | number) => (setDeviceType(String(v)), setPage(1))}
        >
          <SingleSelectOption value={ALL}>{t('meters.all-types', 'All device types')}</SingleSelectOption>
          {deviceTypes.map((d) => (
            <SingleSelectOption key={d.documentId} value={d.documentId}>
              {d.name}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <SingleSelect
          aria-label={t('channels.col.status', 'Status')}
          value={active}
          onChange={(v: string | number) => (setActive(String(v)), setPage(1))}
        >
          <SingleSelectOption value={ALL}>
            {t('meters.active-and-inactive', 'Active and inactive')}
          </SingleSelectOption>
          <SingleSelectOption value="true">{t('channels.status.active', 'Active')}</SingleSelectOption>
          <SingleSelectOption value="false">{t('channels.status.inactive', 'Inactive')}</SingleSelectOption>
        </SingleSelect>
        {canWrite && (
          <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
            {t('meters.add', 'Add device')}
          </Button>
        )}
      </Flex>
      {result && (
        <>
          <Table colCount={6} rowCount={result.data.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('field.meter-number', 'Meter number')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.label', 'Label')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('meters.col.device-type', 'Device type')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('meters.col.utility', 'Utility')}</Typography>
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
              {result.data.map((d) => (
                <Tr key={d.documentId} data-testid={`device-${d.meterNumber}`}>
                  <Td>
                    <Link
                      tag={NavLink}
                      to={`${METERS_BASE}/devices/${d.documentId}`}
                      aria-label={t('meters.open', 'Open meter {number}', { number: d.meterNumber })}
                    >
                      {d.meterNumber}
                    </Link>
                  </Td>
                  <Td>
                    <Typography>{d.label ?? ''}</Typography>
                  </Td>
                  <Td>
                    <Typography>{d.deviceType?.name ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      <Typography>{d.utilityType?.name ?? '—'}</Typography>
                      {d.notActivated && (
                        <Badge backgroundColor="warning100" textColor="warning700">
                          {t('meters.not-activated', 'not activated')}
                        </Badge>
                      )}
                    </Flex>
                  </Td>
                  <Td>
                    <Badge variant={d.active ? 'success' : 'neutral'}>
                      {d.active
                        ? t('channels.status.active', 'Active')
                        : t('channels.status.inactive', 'Inactive')}
                    </Badge>
                  </Td>
                  <Td>
                    {canWrite && (
                      <IconButton
                        label={t('list.edit', 'Edit {name}', { name: d.meterNumber })}
                        onClick={() => setEditing(d)}
                      >
                        <Pencil />
                      </IconButton>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <Pager
            page={result.meta.pagination.page}
            pageCount={result.meta.pagination.pageCount}
            total={result.meta.pagination.total}
            onPage={setPage}
          />
        </>
      )}
      {editing && (
        <DeviceForm
          existing={editing === 'new' ? null : editing}
          deviceTypes={deviceTypes.filter((d) => d.active)}
          matrix={matrix}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
    </Box>
  );
}
