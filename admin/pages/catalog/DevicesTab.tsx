import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  IconButton,
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
import { Link } from 'react-router-dom';
import { useCatalogApi, type ActivationMatrix, type Device, type DeviceType } from '../../api/catalog-client';
import { toApiFailure } from '../../api/errors';
import { DeviceForm } from './DeviceForm';
import { METERS_BASE } from './DeviceDetailPage';
import { Pager } from '../../components/Pager';
import { useT } from '../../utils/useT';

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
  const [result, setResult] = useState<{
    data: Device[];
    meta: { pagination: { page: number; pageCount: number; total: number } };
  } | null>(null);
  const [deviceTypes, setDeviceTypes] = useState<DeviceType[]>([]);
  const [matrix, setMatrix] = useState<ActivationMatrix | null>(null);
  const [editing, setEditing] = useState<Device | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      const params: Record<string, string | number> = { page, pageSize: 20 };
      if (q.trim()) params.q = q.trim();
      if (deviceType !== ALL) params.deviceType = deviceType;
      if (active !== ALL) params.active = active;
      setResult(await api.devices.list(params));
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    }
  }, [api, q, deviceType, active, page, toggleNotification, t]);

  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    api.deviceTypes.list({ pageSize: 100 }).then(
      (r) => setDeviceTypes(r.data),
      () => undefined,
    );
    api.activation.matrix().then(setMatrix, () => setMatrix(null));
  }, [api]);

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
                      to={`${METERS_BASE}/devices/${d.documentId}`}
                      aria-label={t('meters.open', 'Open meter {number}', { number: d.meterNumber })}
                    >
                      <Typography fontWeight="bold">{d.meterNumber}</Typography>
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
                    <Badge active={d.active}>
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
          onSaved={async () => {
            setEditing(null);
            await load();
          }}
        />
      )}
    </Box>
  );
}
