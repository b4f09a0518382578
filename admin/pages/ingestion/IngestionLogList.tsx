import type { MessageDescriptor } from 'react-intl';
import { useEffect, useMemo, useState } from 'react';
import { Badge, Box, Button, Checkbox, Field, Flex, Typography } from '@strapi/design-system';
import { LOG_STATUSES, useIngestionApi, type IngestionLog } from '../../api/ingestion-client';
import { ChannelCombobox } from '../../components/record-pickers';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { useLoader } from '../../hooks/useLoader';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { LogDetailDialog } from './LogDetailDialog';

const FILTERS = ['channel', 'status', 'from', 'to'] as const;

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

/**
 * The ingestion log grid with the guide's filters (channel, any of the six statuses,
 * from/to) — on its own page or inside a channel (fixed `channelId`). Filters, page,
 * page size and sort live in the URL.
 */
export function IngestionLogList({ channelId }: { channelId?: string }) {
  const api = useIngestionApi();
  const t = useT();
  const fmt = useFormat();
  const fixed = useMemo(() => (channelId ? { channel: channelId } : undefined), [channelId]);
  const list = useListQuery(FILTERS, { defaultSort: 'createdAt:DESC', fixed });
  const [draft, setDraft] = useFilterDraft(list.filters);
  const { data: result, error, reload } = useLoader(() => api.list(list.params), [api, list.params]);
  const [open, setOpen] = useState<IngestionLog | null>(null);

  // A long pull goes on in the background: keep the counts moving while anything is in flight.
  const inFlight = result?.data.some((l) => l.status === 'Processing' || l.status === 'Pending') ?? false;
  useEffect(() => {
    if (!inFlight) return undefined;
    const timer = setInterval(() => void reload(), 3000);
    return () => clearInterval(timer);
  }, [inFlight, reload]);

  const statuses = draft.status ? draft.status.split(',') : [];
  const toggleStatus = (status: string) =>
    setDraft((d) => ({
      ...d,
      status: (statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status]).join(
        ',',
      ),
    }));
  const statusLabel = (log: IngestionLog) => t(LOG_STATUS_LABELS[log.status]);
  const columns: DataColumn<IngestionLog>[] = [
    {
      name: 'channel',
      label: t('ingestion.col.channel', 'Channel'),
      text: (log) => log.channel?.code ?? log.source ?? '—',
    },
    { name: 'fileName', label: t('files.col.file', 'File'), sortable: true, text: (log) => log.fileName },
    {
      name: 'status',
      label: t('files.col.status', 'Status'),
      sortable: true,
      text: statusLabel,
      cell: (log) => (
        <Badge backgroundColor={STATUS_COLOURS[log.status][0]} textColor={STATUS_COLOURS[log.status][1]}>
          {statusLabel(log)}
        </Badge>
      ),
    },
    { name: 'totalRows', label: t('ingestion.col.total', 'Total'), text: (log) => fmt.number(log.totalRows) },
    {
      name: 'insertedRows',
      label: t('ingestion.col.inserted', 'Inserted'),
      text: (log) => fmt.number(log.insertedRows),
    },
    {
      name: 'failedRows',
      label: t('ingestion.col.failed', 'Failed'),
      text: (log) => fmt.number(log.failedRows),
    },
    {
      name: 'startedAt',
      label: t('ingestion.col.started', 'Started'),
      sortable: true,
      text: (log) => fmt.dateTime(log.startedAt),
    },
    {
      name: 'completedAt',
      label: t('ingestion.col.completed', 'Completed'),
      sortable: true,
      text: (log) => fmt.dateTime(log.completedAt),
    },
  ];

  const filterBox = (
    <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
      <Flex gap={4} wrap="wrap" alignItems="end">
        {!channelId && (
          <ChannelCombobox
            value={draft.channel || null}
            placeholder={t('ingestion.all-channels', 'All channels')}
            onChange={(channel) => setDraft((d) => ({ ...d, channel: channel ?? '' }))}
          />
        )}
        <Field.Root name="from">
          <Field.Label>{t('field.from', 'From')}</Field.Label>
          <DateInput value={draft.from} onChange={(from) => setDraft((d) => ({ ...d, from }))} />
        </Field.Root>
        <Field.Root name="to">
          <Field.Label>{t('field.to', 'To')}</Field.Label>
          <DateInput value={draft.to} onChange={(to) => setDraft((d) => ({ ...d, to }))} />
        </Field.Root>
        <Flex gap={3} wrap="wrap">
          {LOG_STATUSES.map((s) => (
            <Checkbox key={s} checked={statuses.includes(s)} onCheckedChange={() => toggleStatus(s)}>
              {t(LOG_STATUS_LABELS[s])}
            </Checkbox>
          ))}
        </Flex>
        <Flex gap={2}>
          <Button onClick={() => list.setFilters(draft)}>{t('filters.apply', 'Apply filters')}</Button>
          <Button
            variant="tertiary"
            onClick={() => list.setFilters({ channel: '', status: '', from: '', to: '' })}
          >
            {t('filters.clear', 'Clear filters')}
          </Button>
        </Flex>
      </Flex>
    </Box>
  );

  return (
    <Box>
      {filterBox}
      {error && <Typography textColor="danger600">{error}</Typography>}
      <DataTable
        columns={columns}
        result={result}
        emptyText={t('ingestion.empty', 'No files match these filters.')}
        rowKey={(log) => log.documentId}
        rowTestId={(log) => `log-${log.fileName}`}
        onRowClick={setOpen}
        exportCsv={{
          name: 'ingestion-log',
          loadPage: (page, pageSize) => api.list({ ...list.params, page, pageSize }),
        }}
      />
      {open && <LogDetailDialog log={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}
