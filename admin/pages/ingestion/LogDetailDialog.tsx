import { useEffect, useState } from 'react';
import {
  Badge,
  Box,
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
import { useIngestionApi, type IngestionLog, type LogRow } from '../../api/ingestion-client';
import { toApiFailure } from '../../api/errors';
import { Pager } from '../../components/Pager';

const OUTCOME_COLOURS: Record<LogRow['outcome'], { bg: string; fg: string }> = {
  inserted: { bg: 'success100', fg: 'success700' },
  duplicate: { bg: 'neutral150', fg: 'neutral700' },
  conflict: { bg: 'warning100', fg: 'warning700' },
  rejected: { bg: 'danger100', fg: 'danger700' },
};

/** The file's facts and its Row details: which readings made it in, and why the others didn't. */
export function LogDetailDialog({ log, onClose }: { log: IngestionLog; onClose: () => void }) {
  const api = useIngestionApi();
  const [page, setPage] = useState(1);
  const [onlyProblems, setOnlyProblems] = useState(log.failedRows > 0);
  const [rows, setRows] = useState<Awaited<ReturnType<typeof api.rows>> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const params: Record<string, string | number> = { page, pageSize: 50 };
    if (onlyProblems) params.outcome = 'conflict,rejected';
    api.rows(log.documentId, params).then(setRows, (e) => setFailed(toApiFailure(e).message));
  }, [api, log.documentId, page, onlyProblems]);

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
      <Modal.Content style={{ maxWidth: '90vw', width: 1100 }}>
        <Modal.Header>
          <Modal.Title>{log.fileName}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={3}>
            {fact('Source', log.source)}
            {fact('Status', log.status)}
            {fact('File name', log.fileName)}
            {fact('File size', log.fileSize === null ? null : `${log.fileSize} bytes`)}
            {fact('Remote path', log.remotePath)}
            {fact('File hash (SHA-256)', log.fileHash)}
            {fact(
              'Rows: total / inserted / failed',
              `${log.totalRows} / ${log.insertedRows} / ${log.failedRows}`,
            )}
            {fact('Error', log.error)}
          </Grid.Root>
          <Box paddingTop={5}>
            <Flex justifyContent="space-between" paddingBottom={2}>
              <Typography variant="delta" tag="h3">
                Row details
              </Typography>
              <Checkbox
                checked={onlyProblems}
                onCheckedChange={() => (setOnlyProblems(!onlyProblems), setPage(1))}
              >
                Only rows that did not make it in
              </Checkbox>
            </Flex>
            {rows?.meta.legacy && <Typography textColor="neutral600">{rows.meta.note}</Typography>}
            {failed && <Typography textColor="danger600">{failed}</Typography>}
            {rows && !rows.meta.legacy && (
              <>
                <Table colCount={8} rowCount={rows.data.length + 1}>
                  <Thead>
                    <Tr>
                      {[
                        'Row',
                        'Outcome',
                        'Meter number',
                        'Register',
                        'Reading time',
                        'Value',
                        'Link',
                        'Error',
                      ].map((h) => (
                        <Th key={h}>
                          <Typography variant="sigma">{h}</Typography>
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
                            {r.outcome}
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
                          <Typography>
                            {r.value ?? ''}
                            {r.storedValue ? ` (stored: ${r.storedValue})` : ''}
                          </Typography>
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
      </Modal.Content>
    </Modal.Root>
  );
}
