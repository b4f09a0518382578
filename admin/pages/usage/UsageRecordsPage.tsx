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

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/**
 * Usage records (the Usage charging module): what devices posted and editors uploaded,
 * filtered by device, event group and id and a Dtu date range, newest first; and the
 * spreadsheet upload.
 */
export default function UsageRecordsPage() {
  const { can, isLoading } = usePluginPermissions('usage-records');
  const api = useUsageApi();
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
      setFailure(toApiFailure(error).message);
    }
  }, [api, filters, page]);

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
      <Page.Title>Usage records</Page.Title>
      <Layouts.Header
        title="Usage records"
        subtitle="Usage sent by devices through the API or uploaded as spreadsheets, to be charged later."
        primaryAction={
          can.import ? (
            <Button startIcon={<Upload />} onClick={() => setUploading(true)}>
              Upload spreadsheet
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {!can.read && (
          <Typography>You may upload usage spreadsheets but not read the stored records.</Typography>
        )}
        {can.read && (
          <>
            <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
              <Flex gap={3} wrap="wrap" alignItems="flex-end">
                {input('device', 'Device', 'Device id, exactly')}
                {input('eGroup', 'eGroup', 'Event group, exactly')}
                {input('eId', 'eId', 'Event id, exactly')}
                {input('from', 'From', 'Dtu on or after this day', 'date')}
                {input('to', 'To', 'Dtu up to this day (inclusive)', 'date')}
                <Flex gap={2}>
                  <Button onClick={apply}>Apply filters</Button>
                  <Button variant="tertiary" onClick={clear}>
                    Clear filters
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
                        <Typography variant="sigma">Dtu</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">Device</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">eGroup</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">eId</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">Event ref</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">Counters</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">Temperature</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">Source</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {result.data.length === 0 && (
                      <Tr>
                        <Td colSpan={8}>
                          <Typography>No usage records match.</Typography>
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
                          <Typography>{utc(r.dtu)}</Typography>
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
                          <Typography>{r.temperature ?? '—'}</Typography>
                        </Td>
                        <Td>
                          <Badge>
                            {r.source === 'upload' ? 'Upload' : r.source === 'batch' ? 'API batch' : 'API'}
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
