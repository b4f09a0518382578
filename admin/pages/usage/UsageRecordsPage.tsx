import { useState } from 'react';
import { Badge, Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useUsageApi, type UsageRecord } from '../../api/usage-client';
import { CellText, DataTable, type DataColumn } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { useLoader } from '../../hooks/useLoader';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { UploadDialog } from './UploadDialog';
import { UsageRecordDialog } from './UsageRecordDialog';

const FILTERS = ['device', 'eGroup', 'eId', 'from', 'to'] as const;
type FilterKey = (typeof FILTERS)[number];

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
  const list = useListQuery(FILTERS, { defaultSort: 'dtu:DESC' });
  const [draft, setDraft] = useFilterDraft(list.filters);
  const {
    data: result,
    error: failure,
    reload,
  } = useLoader(() => api.list(list.params), [api, list.params], can.read);
  const [uploading, setUploading] = useState(false);
  const [shown, setShown] = useState<UsageRecord | null>(null);

  const sourceLabel = (r: UsageRecord) =>
    r.source === 'upload'
      ? t('usage.source.upload', 'Upload')
      : r.source === 'batch'
        ? t('usage.source.batch', 'Device batch')
        : t('usage.source.api', 'Device');
  const columns: DataColumn<UsageRecord>[] = [
    {
      name: 'dtu',
      label: t('usage.col.recorded', 'Recorded (UTC)'),
      sortable: true,
      text: (r) => fmt.dateTime(r.dtu, 'UTC'),
    },
    {
      name: 'deviceId',
      label: t('usage.device', 'Device'),
      text: (r) => r.deviceId,
      cell: (r) => <CellText text={r.deviceId} bold />,
    },
    { name: 'eGroup', label: t('usage.egroup', 'eGroup'), text: (r) => r.eGroup ?? '' },
    { name: 'eId', label: t('usage.eid', 'eId'), text: (r) => r.eId ?? '' },
    { name: 'eventRef', label: t('usage.event-ref', 'Event ref'), text: (r) => r.eventRef ?? '—' },
    { name: 'counters', label: t('usage.counters', 'Counters'), text: (r) => counters(r) || '—' },
    {
      name: 'temperature',
      label: t('usage.temperature', 'Temperature'),
      text: (r) => fmt.number(r.temperature),
    },
    {
      name: 'source',
      label: t('ingestion.fact.source', 'Source'),
      text: sourceLabel,
      cell: (r) => <Badge>{sourceLabel(r)}</Badge>,
    },
  ];

  if (isLoading) return <Page.Loading />;
  if (!can.read && !can.import) return <Page.NoPermissions />;

  const apply = () => list.setFilters(draft);
  const clear = () => list.setFilters({ device: '', eGroup: '', eId: '', from: '', to: '' });
  const input = (key: FilterKey, label: string, hint: string, type = 'text') => (
    <Field.Root name={key} hint={hint}>
      <Field.Label>{label}</Field.Label>
      {type === 'date' ? (
        <DateInput value={draft[key]} onChange={(value) => setDraft((d) => ({ ...d, [key]: value }))} />
      ) : (
        <TextInput
          value={draft[key]}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
            setDraft((d) => ({ ...d, [key]: e.target.value }))
          }
          onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && apply()}
        />
      )}
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
            <DataTable
              columns={columns}
              result={result}
              emptyText={t('usage.empty', 'No usage records match.')}
              rowKey={(r) => String(r.id)}
              rowTestId={(r) => `usage-record-${r.id}`}
              onRowClick={setShown}
              exportCsv={{
                name: 'usage-records',
                loadPage: (page, pageSize) => api.list({ ...list.params, page, pageSize }),
              }}
            />
          </>
        )}
      </Layouts.Content>
      {uploading && (
        <UploadDialog
          onClose={() => setUploading(false)}
          onImported={() => {
            if (can.read) void reload();
          }}
        />
      )}
      {shown && <UsageRecordDialog record={shown} onClose={() => setShown(null)} />}
    </Page.Main>
  );
}
