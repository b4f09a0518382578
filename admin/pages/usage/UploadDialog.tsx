import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { toApiFailure } from '../../api/errors';
import { useUsageApi, type ImportRow, type ImportSummary } from '../../api/usage-client';
import { LOG_STATUS_LABELS } from '../ingestion/IngestionLogList';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { ModalContent } from '../../components/ModalContent';

type Props = { onClose: () => void; onImported: () => void };

const ROWS_PAGE = 100;

/**
 * Upload a usage spreadsheet (.xlsx or .csv) — the guide's columns DeviceId, eGroup,
 * eId, Dtu, DtDevice, SrcIp, EventRef, IntCounter … IntCounter5, Temperature,
 * EventDataJ in any order — then read what became of it: counts, warnings, and each
 * rejected row with its reason.
 */
export function UploadDialog({ onClose, onImported }: Props) {
  const api = useUsageApi();
  const t = useT();
  const fmt = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [defaults, setDefaults] = useState({ eGroup: '', eId: '', deviceId: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [allRejected, setAllRejected] = useState<ImportRow[] | null>(null);

  async function send() {
    if (!file) {
      setError({ message: t('usage.choose-file', 'Choose a spreadsheet first'), fields: {} });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setSummary(await api.importFile(file, defaults));
      onImported();
    } catch (failure) {
      const f = toApiFailure(failure, t);
      setError({ message: f.message, fields: f.fieldErrors });
    } finally {
      setBusy(false);
    }
  }

  async function loadAllRejected(logId: string) {
    const rows: ImportRow[] = [];
    try {
      for (let page = 1; ; page++) {
        const result = await api.importRows(logId, { outcome: 'rejected', page, pageSize: ROWS_PAGE });
        rows.push(...result.data);
        if (page >= result.meta.pagination.pageCount || page >= 50) break;
      }
      setAllRejected(rows);
    } catch (failure) {
      setError({ message: toApiFailure(failure, t).message, fields: {} });
    }
  }

  const defaultInput = (key: keyof typeof defaults, label: string) => (
    <Field.Root name={key} error={error?.fields[key] ?? error?.fields.defaults}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={defaults[key]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          setDefaults((d) => ({ ...d, [key]: e.target.value }))
        }
      />
      <Field.Error />
    </Field.Root>
  );

  const rejected = allRejected
    ? allRejected.map((r) => ({ row: r.row, error: r.error ?? '' }))
    : (summary?.rejectedRows ?? []);

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>{t('usage.upload-title', 'Upload usage records')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {!summary && (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography textColor="neutral600">
                {t(
                  'usage.upload-help',
                  'An .xlsx workbook (first sheet) or a CSV file whose first row names the columns: {columns} — in any order, unused ones left out. Rows with an EventRef already stored are skipped as duplicates.',
                  {
                    columns:
                      'DeviceId, eGroup, eId, Dtu, DtDevice, SrcIp, EventRef, IntCounter … IntCounter5, Temperature, EventDataJ',
                  },
                )}
              </Typography>
              <Field.Root name="file" error={error?.fields.file} required>
                <Field.Label>{t('usage.spreadsheet', 'Spreadsheet')}</Field.Label>
                <input
                  type="file"
                  aria-label={t('usage.spreadsheet', 'Spreadsheet')}
                  accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
                <Field.Error />
              </Field.Root>
              <Typography variant="omega" textColor="neutral600">
                {t(
                  'usage.defaults-help',
                  "Optional: values for rows that leave these columns empty (e.g. a photocopier's monthly sheet).",
                )}
              </Typography>
              <Grid.Root gap={4}>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {defaultInput('eGroup', t('usage.default-egroup', 'eGroup for the whole file'))}
                </Grid.Item>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {defaultInput('eId', t('usage.default-eid', 'eId for the whole file'))}
                </Grid.Item>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {defaultInput('deviceId', t('usage.default-device', 'DeviceId for the whole file'))}
                </Grid.Item>
              </Grid.Root>
              {error && (
                <Typography textColor="danger600" role="alert">
                  {error.message}
                </Typography>
              )}
            </Flex>
          )}
          {summary && (
            <Flex direction="column" alignItems="stretch" gap={4} data-testid="usage-import-summary">
              <Flex gap={2} wrap="wrap">
                <Typography fontWeight="bold">{summary.fileName}</Typography>
                <Badge>
                  {summary.log.status in LOG_STATUS_LABELS
                    ? t(LOG_STATUS_LABELS[summary.log.status as keyof typeof LOG_STATUS_LABELS])
                    : summary.log.status}
                </Badge>
                <Typography textColor="neutral600">
                  {summary.format === 'xlsx'
                    ? t('usage.sheet', 'sheet “{name}”', { name: summary.sheetName ?? '' })
                    : t('usage.csv', 'CSV, {encoding} {delimiter}-separated', {
                        encoding: summary.encoding ?? '',
                        delimiter:
                          summary.delimiter === '\t' ? t('usage.tab', 'tab') : (summary.delimiter ?? ''),
                      })}
                </Typography>
              </Flex>
              <Grid.Root gap={2}>
                {(
                  [
                    ['read', t('usage.rows-read', 'Rows read'), summary.totalRows],
                    ['stored', t('usage.stored', 'Stored'), summary.created],
                    ['duplicates', t('usage.duplicates', 'Duplicates (already stored)'), summary.duplicates],
                    ['rejected', t('usage.rejected', 'Rejected'), summary.rejected],
                  ] as const
                ).map(([key, label, value]) => (
                  <Grid.Item key={key} col={3} direction="column" alignItems="flex-start">
                    <Typography variant="sigma" textColor="neutral600">
                      {label}
                    </Typography>
                    <Typography
                      variant="beta"
                      textColor={key === 'rejected' && value > 0 ? 'danger600' : undefined}
                    >
                      {fmt.number(value)}
                    </Typography>
                  </Grid.Item>
                ))}
              </Grid.Root>
              {summary.interruptions.length > 0 && (
                <Box background="warning100" padding={3} hasRadius data-testid="usage-import-interruptions">
                  {summary.interruptions.map((i) => (
                    <Typography key={i.at} tag="p" textColor="warning700">
                      {t(
                        'usage.interrupted',
                        'The database connection was lost at {time}; the upload resumed by itself once it answered again, and every row was stored once.',
                        { time: fmt.dateTime(i.at) },
                      )}
                    </Typography>
                  ))}
                </Box>
              )}
              {summary.warnings.length > 0 && (
                <Box background="warning100" padding={3} hasRadius>
                  {summary.warnings.map((w) => (
                    <Typography key={w} tag="p" textColor="warning700">
                      {w}
                    </Typography>
                  ))}
                </Box>
              )}
              {rejected.length > 0 && (
                <Box>
                  <Typography variant="delta" tag="h3">
                    {t('usage.rejected-rows', 'Rejected rows')}
                  </Typography>
                  <Table colCount={2} rowCount={rejected.length + 1}>
                    <Thead>
                      <Tr>
                        <Th>
                          <Typography variant="sigma">{t('ingestion.row.row', 'Row')}</Typography>
                        </Th>
                        <Th>
                          <Typography variant="sigma">{t('usage.reason', 'Reason')}</Typography>
                        </Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {rejected.map((r) => (
                        <Tr key={r.row} data-testid={`rejected-row-${r.row}`}>
                          <Td>
                            <Typography>{r.row}</Typography>
                          </Td>
                          <Td>
                            <Typography style={{ whiteSpace: 'normal' }}>{r.error}</Typography>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  {!allRejected && summary.moreRejectedRows > 0 && (
                    <Flex paddingTop={2} gap={2}>
                      <Typography textColor="neutral600">
                        {t('usage.and-more', 'and {count, number} more', { count: summary.moreRejectedRows })}
                      </Typography>
                      <Button variant="tertiary" onClick={() => loadAllRejected(summary.log.documentId)}>
                        {t('usage.show-all-rejected', 'Show all rejected rows')}
                      </Button>
                    </Flex>
                  )}
                </Box>
              )}
              {error && <Typography textColor="danger600">{error.message}</Typography>}
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">
              {summary ? t('common.close', 'Close') : t('form.cancel', 'Cancel')}
            </Button>
          </Modal.Close>
          {!summary && (
            <Button onClick={send} loading={busy} disabled={busy}>
              {t('usage.upload-button', 'Upload')}
            </Button>
          )}
          {summary && (
            <Button
              variant="secondary"
              onClick={() => {
                setSummary(null);
                setAllRejected(null);
                setFile(null);
              }}
            >
              {t('usage.upload-another', 'Upload another file')}
            </Button>
          )}
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
