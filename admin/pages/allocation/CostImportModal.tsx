import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import { Box, Button, Field, Modal, Typography } from '@strapi/design-system';
import { useAllocationApi, type ImportOutcome, type ImportResult } from '../../api/allocation-client';
import { describeErrorBody } from '../../api/error-messages';
import { toApiFailure } from '../../api/errors';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ModalContent } from '../../components/ModalContent';
import { useListQuery } from '../../hooks/useListQuery';
import { localList } from '../../utils/local-list';
import { msg, useT, type MessageValues, type Translate } from '../../utils/useT';

const OUTCOMES: Record<ImportOutcome['outcome'], MessageDescriptor> = {
  created: msg('allocation.import.created', 'Added'),
  duplicate: msg('allocation.import.duplicate', 'Already there'),
  rejected: msg('allocation.import.rejected', 'Refused'),
};

/**
 * Cost items from a CSV file (the bookkeeping's or a supplier's export):
 * columns category, amount, date and optionally vat, supplier, note; the file
 * is sent as text and every line comes back with its outcome — added, already
 * there (not stored twice) or refused with the reason — so nothing is dropped
 * silently. A file that cannot be read at all is refused whole.
 */
export function CostImportModal(props: { building: string; onClose: () => void }) {
  const api = useAllocationApi();
  const t = useT();
  const list = useListQuery([]);
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function send() {
    if (!file) return;
    setSending(true);
    setFailure(null);
    try {
      setResult(await api.costItems.importCsv(props.building, await file.text()));
    } catch (error) {
      setFailure(toApiFailure(error, t).message);
    } finally {
      setSending(false);
    }
  }

  const columns: DataColumn<ImportOutcome>[] = [
    { name: 'line', label: t('allocation.import.line', 'Line'), width: '6rem', text: (o) => String(o.line) },
    {
      name: 'outcome',
      label: t('allocation.import.outcome', 'Outcome'),
      width: '13rem',
      text: (o) => t(OUTCOMES[o.outcome]),
    },
    {
      name: 'message',
      label: t('allocation.import.reason', 'Details'),
      wrap: true,
      text: (o) => outcomeText(o, t),
    },
  ];
  const rows = localList(result?.data ?? [], columns, list, t.locale);

  return (
    <Modal.Root open onOpenChange={(open) => !open && props.onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>{t('allocation.import.title', 'Import cost items from CSV')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Field.Root
            name="csv"
            hint={t(
              'allocation.import.hint',
              'Columns: category, amount, date (yyyy-MM-dd or dd.MM.yyyy); optional vat, supplier, note. Comma, semicolon or tab separated.',
            )}
            error={failure ?? undefined}
          >
            <Field.Label>{t('allocation.import.file', 'CSV file')}</Field.Label>
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-label={t('allocation.import.file', 'CSV file')}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setResult(null);
              }}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          {result && (
            <Box paddingTop={4}>
              <Typography tag="p" fontWeight="bold">
                {t(
                  'allocation.import.summary',
                  '{created, plural, one {# line added} other {# lines added}}, {duplicate, plural, one {# already there} other {# already there}}, {rejected, plural, one {# refused} other {# refused}}',
                  result.meta,
                )}
              </Typography>
              <Box paddingTop={2}>
                <DataTable
                  columns={columns}
                  result={rows.result}
                  emptyText={t('allocation.import.empty', 'The file has no lines.')}
                  rowKey={(o) => String(o.line)}
                  rowTestId={(o) => `import-line-${o.line}`}
                  exportCsv={{ name: 'cost-import-outcomes', loadPage: rows.loadPage }}
                />
              </Box>
            </Box>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('allocation.import.close', 'Close')}</Button>
          </Modal.Close>
          <Button onClick={() => void send()} loading={sending} disabled={!file}>
            {t('allocation.import.send', 'Import')}
          </Button>
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}

/** Why a line was not stored, in the admin's language (its code and params), else the server's words. */
function outcomeText(o: ImportOutcome, t: Translate): string {
  if (o.outcome === 'created' || !o.message) return '';
  return describeErrorBody(
    {
      name: o.outcome,
      message: o.message,
      details: { code: o.code, params: o.params as MessageValues | undefined, errors: o.errors },
    },
    t,
  ).message;
}
