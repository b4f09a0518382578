import type { MessageDescriptor } from 'react-intl';
import { useEffect, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  Grid,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIngestionApi, type IngestionLog, type LogRow } from '../../api/ingestion-client';
import { toApiFailure } from '../../api/errors';
import { Pager } from '../../components/Pager';
import { allPages, csvFileName, downloadCsv } from '../../utils/csv-download';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { LOG_STATUS_LABELS } from './IngestionLogList';
import { ModalContent } from '../../components/ModalContent';

const OUTCOME_COLOURS: Record<LogRow['outcome'], { bg: string; fg: string }> = {
  inserted: { bg: 'success100', fg: 'success700' },
  duplicate: { bg: 'neutral150', fg: 'neutral700' },
  conflict: { bg: 'warning100', fg: 'warning700' },
  rejected: { bg: 'danger100', fg: 'danger700' },
};

const OUTCOMES: Record<LogRow['outcome'], MessageDescriptor> = {
  inserted: msg('ingestion.outcome.inserted', 'inserted'),
  duplicate: msg('ingestion.outcome.duplicate', 'duplicate'),
  conflict: msg('ingestion.outcome.conflict', 'conflict'),
  rejected: msg('ingestion.outcome.rejected', 'rejected'),
};

const ROW_COLUMNS = [
  msg('ingestion.row.row', 'Row'),
  msg('ingestion.row.outcome', 'Outcome'),
  msg('field.meter-number', 'Meter number'),
  msg('field.register', 'Register'),
  msg('ingestion.row.reading-time', 'Reading time'),
  msg('field.value', 'Value'),
  msg('ingestion.row.link', 'Link'),
  msg('ingestion.row.error', 'Error'),
];

/** The file's facts and its Row details: which readings made it in, and why the others didn't. */
export function LogDetailDialog({ log, onClose }: { log: IngestionLog; onClose: () => void }) {
  const api = useIngestionApi();
  const t = useT();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const [onlyProblems, setOnlyProblems] = useState(log.failedRows > 0);
  const [rows, setRows] = useState<Awaited<ReturnType<typeof api.rows>> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const params: Record<string, string | number> = { page, pageSize: 50 };
    if (onlyProblems) params.outcome = 'conflict,rejected';
    api.rows(log.documentId, params).then(setRows, (e) => setFailed(toApiFailure(e, t).message));
  }, [api, log.documentId, page, onlyProblems, t]);

  const valueText = (r: LogRow) =>
    `${r.value ?? ''}${r.storedValue ? ` ${t('ingestion.stored-value', '(stored: {value})', { value: r.storedValue })}` : ''}`;
  const rowText = (r: LogRow) => [
    `${r.line ?? r.rowNumber}${r.recordType ? ` (${r.recordType})` : ''}`,
    t(OUTCOMES[r.outcome]),
    r.meterNumber ?? '',
    r.register ?? '',
    r.readingAt ?? '',
    valueText(r),
    r.linkStatus ?? '',
    r.error ?? '',
  ];

  /** The rows the dialog lists (all pages, the same outcome filter) as CSV. */
  async function exportRows() {
    setExporting(true);
    try {
      const all = await allPages((p, pageSize) =>
        api.rows(log.documentId, {
          page: p,
          pageSize,
          ...(onlyProblems ? { outcome: 'conflict,rejected' } : {}),
        }),
      );
      downloadCsv(
        csvFileName(`ingestion-rows-${log.fileName.replace(/[^\w.-]+/g, '_')}`),
        ROW_COLUMNS.map((h) => t(h)),
        all.map(rowText),
      );
    } catch (e) {
      setFailed(toApiFailure(e, t).message);
    } finally {
      setExporting(false);
    }
  }

  const fact = (label: string, value: string | number | null) => (
    <Grid.Item col={6} direction="column" alignItems="start">
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography style={{ wordBreak: 'break-all' }}>
        {value === null || value === '' ? '—' : String(value)}
      </Typography>
    </Grid.Item>
  );

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent style={{ maxWidth: '90vw', width: 1100 }}>
        <Modal.Header>
          <Modal.Title>{log.fileName}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={3}>
            {fact(t('ingestion.fact.source', 'Source'), log.source)}
            {fact(t('files.col.status', 'Status'), t(LOG_STATUS_LABELS[log.status]))}
            {fact(t('ingestion.fact.file-name', 'File name'), log.fileName)}
            {fact(
              t('ingestion.fact.file-size', 'File size'),
              log.fileSize === null ? null : fmt.size(log.fileSize),
            )}
            {fact(t('ingestion.fact.remote-path', 'Remote path'), log.remotePath)}
            {fact(t('ingestion.fact.hash', 'File hash (SHA-256)'), log.fileHash)}
            {fact(
              t('ingestion.fact.rows', 'Rows: total / inserted / failed'),
              `${fmt.number(log.totalRows)} / ${fmt.number(log.insertedRows)} / ${fmt.number(log.failedRows)}`,
            )}
            {fact(t('ingestion.row.error', 'Error'), log.error)}
            {log.interruptions.length > 0 &&
              fact(
                t('ingestion.fact.interruptions', 'Interrupted (resumed automatically)'),
                log.interruptions.map((i) => `${fmt.dateTime(i.at)}: ${i.reason}`).join('; '),
              )}
          </Grid.Root>
          <Box paddingTop={5}>
            <Flex justifyContent="space-between" paddingBottom={2}>
              <Typography variant="delta" tag="h3">
                {t('ingestion.row-details', 'Row details')}
              </Typography>
              <Checkbox
                checked={onlyProblems}
                onCheckedChange={() => (setOnlyProblems(!onlyProblems), setPage(1))}
              >
                {t('ingestion.only-problems', 'Only rows that did not make it in')}
              </Checkbox>
              {rows && !rows.meta.legacy && (
                <Button
                  variant="secondary"
                  startIcon={<Download />}
                  loading={exporting}
                  onClick={() => void exportRows()}
                >
                  {t('list.export-csv', 'Export CSV')}
                </Button>
              )}
            </Flex>
            {rows?.meta.legacy && <Typography textColor="neutral600">{rows.meta.note}</Typography>}
            {failed && <Typography textColor="danger600">{failed}</Typography>}
            {rows && !rows.meta.legacy && (
              <>
                <Table colCount={8} rowCount={rows.data.length + 1}>
                  <Thead>
                    <Tr>
                      {ROW_COLUMNS.map((h) => (
                        <Th key={h.id}>
                          <Typography variant="sigma">{t(h)}</Typography>
                        </Th>
                      ))}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rows.data.map((r) => (
                      <Tr key={r.rowNumber} data-testid={`log-row-${r.rowNumber}`}>
                        <Td>
                          <Typography>
                            {r.line ?? r.rowNumber}
                            {r.recordType ? ` (${r.recordType})` : ''}
                          </Typography>
                        </Td>
                        <Td>
                          <Badge
                            backgroundColor={OUTCOME_COLOURS[r.outcome].bg}
                            textColor={OUTCOME_COLOURS[r.outcome].fg}
                          >
                            {t(OUTCOMES[r.outcome])}
                          </Badge>
                        </Td>
                        <Td>
                          <Typography>{r.meterNumber ?? ''}</Typography>
                        </Td>
                        <Td>
                          <Typography>{r.register ?? ''}</Typography>
                        </Td>
                        <Td>
                          <Typography>{r.readingAt ?? ''}</Typography>
                        </Td>
                        <Td>
                          <Typography>{valueText(r)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{r.linkStatus ?? ''}</Typography>
                        </Td>
                        <Td>
                          <Typography textColor="danger600">{r.error ?? ''}</Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
                <Flex>
                  <Pager
                    page={rows.meta.pagination.page}
                    pageCount={rows.meta.pagination.pageCount}
                    total={rows.meta.pagination.total}
                    onPage={setPage}
                  />
                </Flex>
              </>
            )}
          </Box>
        </Modal.Body>
      </ModalContent>
    </Modal.Root>
  );
}
