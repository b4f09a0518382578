import type { MessageDescriptor } from 'react-intl';
import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { LOG_STATUSES, useIngestionApi, type IngestionLog } from '../../api/ingestion-client';
import { toApiFailure } from '../../api/errors';
import { Pager } from '../../components/Pager';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { LogDetailDialog } from './LogDetailDialog';

type Filters = { channel: string; statuses: string[]; from: string; to: string };
const EMPTY: Filters = { channel: '', statuses: [], from: '', to: '' };

const STATUS_COLOURS: Record<IngestionLog['status'], [string, string]> = {
  Pending: ['neutral150', 'neutral700'],
  Processing: ['primary100', 'primary700'],
  Completed: ['success100', 'success700'],
  Failed: ['danger100', 'danger700'],
  Partial: ['warning100', 'warning700'],
  Skipped: ['neutral150', 'neutral600'],
};

/** The log statuses in words (the API's values are English words, stable as codes). */
export const LOG_STATUS_LABELS: Record<IngestionLog['status'], MessageDescriptor> = {
  Pending: msg('files.status.pending', 'Pending'),
  Processing: msg('files.status.processing', 'Processing'),
  Completed: msg('files.status.completed', 'Completed'),
  Failed: msg('files.status.failed', 'Failed'),
  Partial: msg('files.status.partial', 'Partial'),
  Skipped: msg('files.status.skipped', 'Skipped'),
};

const COLUMNS = [
  msg('ingestion.col.channel', 'Channel'),
  msg('files.col.file', 'File'),
  msg('files.col.status', 'Status'),
  msg('ingestion.col.total', 'Total'),
  msg('ingestion.col.inserted', 'Inserted'),
  msg('ingestion.col.failed', 'Failed'),
  msg('ingestion.col.started', 'Started'),
  msg('ingestion.col.completed', 'Completed'),
];

/**
 * The ingestion log grid with the guide's filters (channel, any of the six statuses,
 * from/to) — on its own page or inside a channel (fixed `channelId`).
 */
export function IngestionLogList({ channelId }: { channelId?: string }) {
  const api = useIngestionApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const [draft, setDraft] = useState<Filters>({ ...EMPTY, channel: channelId ?? '' });
  const [applied, setApplied] = useState<Filters>({ ...EMPTY, channel: channelId ?? '' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Awaited<ReturnType<typeof api.list>> | null>(null);
  const [open, setOpen] = useState<IngestionLog | null>(null);

  const load = useCallback(async () => {
    const params: Record<string, string | number> = { page, pageSize: 20 };
    if (applied.channel) params.channel = applied.channel;
    if (applied.statuses.length) params.status = applied.statuses.join(',');
    if (applied.from) params.from = applied.from;
    if (applied.to) params.to = applied.to;
    try {
      setResult(await api.list(params));
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    }
  }, [api, applied, page, toggleNotification, t]);

  useEffect(() => {
    load();
    // A long pull goes on in the background: keep the counts moving while anything is in flight.
    const timer = setInterval(() => {
      if (result?.data.some((l) => l.status === 'Processing' || l.status === 'Pending')) load();
    }, 3000);
    return () => clearInterval(timer);
  }, [load]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggleStatus = (status: string) =>
    setDraft((d) => ({
      ...d,
      statuses: d.statuses.includes(status)
        ? d.statuses.filter((s) => s !== status)
        : [...d.statuses, status],
    }));

  return (
    <Box>
      <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
        <Flex gap={4} wrap="wrap" alignItems="end">
          {!channelId && (
            <Field.Root name="channel">
              <Field.Label>{t('ingestion.col.channel', 'Channel')}</Field.Label>
              <TextInput
                placeholder={t('ingestion.channel-placeholder', 'Channel code, e.g. VENDOR_SFTP')}
                value={draft.channel}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  setDraft((d) => ({ ...d, channel: e.target.value }))
                }
              />
            </Field.Root>
          )}
          <Field.Root name="from">
            <Field.Label>{t('field.from', 'From')}</Field.Label>
            <TextInput
              type="date"
              value={draft.from}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setDraft((d) => ({ ...d, from: e.target.value }))
              }
            />
          </Field.Root>
          <Field.Root name="to">
            <Field.Label>{t('field.to', 'To')}</Field.Label>
            <TextInput
              type="date"
              value={draft.to}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setDraft((d) => ({ ...d, to: e.target.value }))
              }
            />
          </Field.Root>
          <Flex gap={3} wrap="wrap">
            {LOG_STATUSES.map((s) => (
              <Checkbox key={s} checked={draft.statuses.includes(s)} onCheckedChange={() => toggleStatus(s)}>
                {t(LOG_STATUS_LABELS[s])}
              </Checkbox>
            ))}
          </Flex>
          <Flex gap={2}>
            <Button onClick={() => (setApplied(draft), setPage(1))}>
              {t('filters.apply', 'Apply filters')}
            </Button>
            <Button
              variant="tertiary"
              onClick={() => {
                const cleared = { ...EMPTY, channel: channelId ?? '' };
                setDraft(cleared);
                setApplied(cleared);
                setPage(1);
              }}
            >
              {t('filters.clear', 'Clear filters')}
            </Button>
          </Flex>
        </Flex>
      </Box>
      {result && (
        <>
          <Table colCount={8} rowCount={result.data.length + 1}>
            <Thead>
              <Tr>
                {COLUMNS.map((h) => (
                  <Th key={h.id}>
                    <Typography variant="sigma">{t(h)}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {result.data.length === 0 && (
                <Tr>
                  <Td colSpan={8}>
                    <Typography>{t('ingestion.empty', 'No files match these filters.')}</Typography>
                  </Td>
                </Tr>
              )}
              {result.data.map((log) => (
                <Tr
                  key={log.documentId}
                  data-testid={`log-${log.fileName}`}
                  onClick={() => setOpen(log)}
                  style={{ cursor: 'pointer' }}
                >
                  <Td>
                    <Typography>{log.channel?.code ?? log.source ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography fontWeight="bold">{log.fileName}</Typography>
                  </Td>
                  <Td>
                    <Badge
                      backgroundColor={STATUS_COLOURS[log.status][0]}
                      textColor={STATUS_COLOURS[log.status][1]}
                    >
                      {t(LOG_STATUS_LABELS[log.status])}
                    </Badge>
                  </Td>
                  <Td>
                    <Typography>{fmt.number(log.totalRows)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.number(log.insertedRows)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.number(log.failedRows)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.dateTime(log.startedAt)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.dateTime(log.completedAt)}</Typography>
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
      {open && <LogDetailDialog log={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}
