import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { toApiFailure } from '../../api/errors';
import { useUsageApi, type UsageFilters, type UsageRecord } from '../../api/usage-client';
import { Pager } from '../../components/Pager';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { UploadDialog } from './UploadDialog';
import { UsageRecordDialog } from './UsageRecordDialog';

const PAGE_SIZE = 25;
const EMPTY: Required<UsageFilters> = { device: '', eGroup: '', eId: '', from: '', to: '' };

type Result = {
  data: UsageRecord[];
  meta: { pagination: { page: number; pageCount: number; total: number } };
};

/** Counters that are set, as "301" or "82885 · 9182727 · 2307 · 56". */
function counters(record: UsageRecord): string {
  const values = [
    record.intCounter,
    record.intCounter2,
    record.intCounter3,
    record.intCounter4,
    record.intCounter5,
  ];
  while (values.length && values[values.length - 1] === null) values.pop();
  return values.map((v) => v ?? '–').join(' · ');
}

// Recorded times (Dtu) are UTC instants from devices with no building zone: shown in UTC, labelled.

/**
 * Usage records (the Usage charging module): what devices posted and editors uploaded,
 * filtered by device, event group and id and a Dtu date range, newest first; and the
 * spreadsheet upload.
 */
export default function UsageRecordsPage() {
  const { can, isLoading } = usePluginPermissions('usage-records');
  const api = useUsageApi();
  const t = useT();
  const fmt = useFormat();
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState(EMPTY);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Result | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [shown, setShown] = useState<UsageRecord | null>(null);

  const load = useCallback(async () => {
    try {
      const params: Record<string, string | number> = { page, pageSize: PAGE_SIZE };
      for (const [key, value] of Object.entries(filters)) if (value.trim()) params[key] = value.trim();
      setResult(await api.list(params));
      setFailure(null);
    } catch (error) {
      setFailure(toApiFailure(error, t).message);
    }
  }, [api, filters, page, t]);

  useEffect(() => {
    if (can.read) load();
  }, [can.read, load]);

  if (isLoading) return <Page.Loading />;
  if (!can.read && !can.import) return <Page.NoPermissions />;

  const apply = () => {
    setFilters(draft);
    setPage(1);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilters(EMPTY);
    setPage(1);
  };
  const input = (key: keyof UsageFilters, label: string, hint: string, type = 'text') => (
    <Field.Root name={key} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        type={type}
        value={draft[key]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          setDraft((d) => ({ ...d, [key]: e.target.value }))
        }
        onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && apply()}
      />
      <Field.Hint />
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{t('usage.title', 'Usage records')}</Page.Title>
      <Layouts.Header
        title={t('usage.title', 'Usage records')}
        subtitle={t(
          'usage.subtitle',
          'Usage sent by devices or uploaded as spreadsheets, to be charged later.',
        )}
        primaryAction={
          can.import ? (
            <Button startIcon={<Upload />} onClick={() => setUploading(true)}>
              {t('usage.upload', 'Upload spreadsheet')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {!can.read && (
          <Typography>
            {t('usage.import-only', 'You may upload usage spreadsheets but not read the stored records.')}
          </Typography>
        )}
        {can.read && (
          <>
            <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
              <Flex gap={3} wrap="wrap" alignItems="flex-end">
                {input('device', t('usage.device', 'Device'), t('usage.device-hint', 'Device ID, exactly'))}
                {input('eGroup', t('usage.egroup', 'eGroup'), t('usage.egroup-hint', 'Event group, exactly'))}
                {input('eId', t('usage.eid', 'eId'), t('usage.eid-hint', 'Event ID, exactly'))}
                {input(
                  'from',
                  t('field.from', 'From'),
                  t('usage.from-hint', 'Recorded on or after this day'),
                  'date',
                )}
                {input(
                  'to',
                  t('field.to', 'To'),
                  t('usage.to-hint', 'Recorded up to this day (inclusive)'),
                  'date',
                )}
                <Flex gap={2}>
                  <Button onClick={apply}>{t('filters.apply', 'Apply filters')}</Button>
                  <Button variant="tertiary" onClick={clear}>
                    {t('filters.clear', 'Clear filters')}
                  </Button>
                </Flex>
              </Flex>
            </Box>
            {failure && <Typography textColor="danger600">{failure}</Typography>}
            {!result && !failure && <Page.Loading />}
            {result && (
              <>
                <Table colCount={8} rowCount={result.data.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('usage.col.recorded', 'Recorded (UTC)')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.device', 'Device')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.egroup', 'eGroup')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.eid', 'eId')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.event-ref', 'Event ref')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.counters', 'Counters')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('usage.temperature', 'Temperature')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('ingestion.fact.source', 'Source')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {result.data.length === 0 && (
                      <Tr>
                        <Td colSpan={8}>
                          <Typography>{t('usage.empty', 'No usage records match.')}</Typography>
                        </Td>
                      </Tr>
                    )}
                    {result.data.map((r) => (
                      <Tr
                        key={r.id}
                        data-testid={`usage-record-${r.id}`}
                        onClick={() => setShown(r)}
                        style={{ cursor: 'pointer' }}
                      >
                        <Td>
                          <Typography>{fmt.dateTime(r.dtu, 'UTC')}</Typography>
                        </Td>
                        <Td>
                          <Typography fontWeight="bold">{r.deviceId}</Typography>
                        </Td>
                        <Td>
                          <Typography>{r.eGroup}</Typography>
                        </Td>
                        <Td>
                          <Typography>{r.eId}</Typography>
                        </Td>
                        <Td>
                          <Typography textColor="neutral600">{r.eventRef ?? '—'}</Typography>
                        </Td>
                        <Td>
                          <Typography>{counters(r) || '—'}</Typography>
                        </Td>
                        <Td>
                          <Typography>{fmt.number(r.temperature)}</Typography>
                        </Td>
                        <Td>
                          <Badge>
                            {r.source === 'upload'
                              ? t('usage.source.upload', 'Upload')
                              : r.source === 'batch'
                                ? t('usage.source.batch', 'Device batch')
                                : t('usage.source.api', 'Device')}
                          </Badge>
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
          </>
        )}
      </Layouts.Content>
      {uploading && (
        <UploadDialog
          onClose={() => setUploading(false)}
          onImported={() => {
            if (can.read) load();
          }}
        />
      )}
      {shown && <UsageRecordDialog record={shown} onClose={() => setShown(null)} />}
    </Page.Main>
  );
}
