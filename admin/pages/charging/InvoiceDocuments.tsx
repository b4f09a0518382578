import { useState } from 'react';
import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Download, Eye, Mail } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import type { InvoiceDetail } from '../../api/charging-client';
import { useDocumentsApi } from '../../api/documents-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { downloadBlob } from '../../utils/download';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { CreditNoteModal } from './CreditNoteModal';
import { DeliveryBadge, deliveryText } from './InvoiceDelivery';

/** Shows a fetched PDF in a new tab (the admin's token is not on a plain link). */
function preview(blob: Blob) {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The PDF buttons of a document: preview in a new tab, download. */
function PdfButtons(props: { fetch: (download: boolean) => Promise<Blob>; fileName: string; label: string }) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const run = async (download: boolean) => {
    try {
      const blob = await props.fetch(download);
      if (download) downloadBlob(blob, props.fileName);
      else preview(blob);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  };
  return (
    <Flex gap={2}>
      <Button
        variant="tertiary"
        size="S"
        startIcon={<Eye />}
        aria-label={t('documents.pdf.preview-of', 'Preview PDF of {number}', { number: props.label })}
        onClick={() => void run(false)}
      >
        {t('documents.pdf.preview', 'Preview PDF')}
      </Button>
      <Button
        variant="tertiary"
        size="S"
        startIcon={<Download />}
        aria-label={t('documents.pdf.download-of', 'Download PDF of {number}', { number: props.label })}
        onClick={() => void run(true)}
      >
        {t('documents.pdf.download', 'Download PDF')}
      </Button>
    </Flex>
  );
}

const fileName = (number: string) => `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;

/**
 * The document side of a finalized invoice: its number and dates, the PDF, how its
 * e-mail went (and sending it again, with documents.send), and its credit notes
 * with their PDFs (issuing one needs charging.finalize). A draft has no number yet.
 */
export function InvoiceDocuments(props: {
  invoice: InvoiceDetail;
  describeLine: (index: number) => string;
  onChanged: () => Promise<void>;
}) {
  const { invoice } = props;
  const t = useT();
  const fmt = useFormat();
  const api = useDocumentsApi();
  const { toggleNotification } = useNotification();
  const { can: documents } = usePluginPermissions('documents');
  const { can: charging } = usePluginPermissions('charging');
  const [sending, setSending] = useState(false);
  const [crediting, setCrediting] = useState(false);

  if (!invoice.number)
    return (
      <Typography textColor="neutral600">
        {invoice.status === 'draft'
          ? t(
              'documents.invoice.numbered-on-finalize',
              'The invoice gets its number and its PDF when the run is finalized.',
            )
          : t('documents.invoice.no-number', 'This invoice has no number: it was never finalized.')}
      </Typography>
    );

  async function send() {
    setSending(true);
    try {
      const { delivery } = await api.invoices.send(invoice.documentId);
      toggleNotification({
        type: delivery?.status === 'sent' ? 'success' : 'warning',
        message: t('documents.send.outcome', 'Invoice {number}: {outcome}', {
          number: invoice.number ?? '',
          outcome: deliveryText(delivery, t),
        }),
      });
      await props.onChanged();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setSending(false);
    }
  }

  const { delivery, credit } = invoice;
  const remaining = credit ? Number(credit.remaining) : 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={4} wrap="wrap" justifyContent="space-between">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h3">
            {t('documents.invoice.number', 'Invoice {number}', { number: invoice.number })}
          </Typography>
          <Typography textColor="neutral600">
            {t('documents.invoice.dates', 'Issued {issued} · due {due}', {
              issued: fmt.date(invoice.issuedOn),
              due: fmt.date(invoice.dueOn),
            })}
          </Typography>
        </Flex>
        <PdfButtons
          fetch={(download) => api.invoices.pdf(invoice.documentId, download)}
          fileName={fileName(invoice.number)}
          label={invoice.number}
        />
      </Flex>
      <Flex gap={3} wrap="wrap" alignItems="center">
        <Typography fontWeight="semiBold">{t('documents.delivery.title', 'E-mail')}</Typography>
        <DeliveryBadge delivery={delivery} />
        {delivery && (
          <Typography textColor="neutral600" data-testid="invoice-delivery">
            {delivery.status === 'sent'
              ? t('documents.delivery.sent-to', 'to {to} on {at}', {
                  to: delivery.to ?? '',
                  at: fmt.dateTime(delivery.at),
                })
              : (delivery.error ?? '')}
          </Typography>
        )}
        {documents.send && (
          <Button
            variant="secondary"
            size="S"
            startIcon={<Mail />}
            loading={sending}
            onClick={() => void send()}
          >
            {delivery ? t('documents.send.again', 'Send again') : t('documents.send.one', 'Send by e-mail')}
          </Button>
        )}
      </Flex>
      <Box>
        <Flex gap={3} justifyContent="space-between" alignItems="center" paddingBottom={2}>
          <Typography variant="delta" tag="h3">
            {t('documents.credit-notes.title', 'Credit notes')}
          </Typography>
          {charging.finalize && invoice.status === 'finalized' && remaining > 0 && (
            <Button variant="secondary" size="S" onClick={() => setCrediting(true)}>
              {t('documents.credit-notes.issue', 'Issue credit note')}
            </Button>
          )}
        </Flex>
        {credit && credit.creditNotes.length > 0 ? (
          <Table colCount={5} rowCount={credit.creditNotes.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('documents.credit-notes.number', 'Number')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('documents.credit-notes.date', 'Date')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('documents.credit-notes.reason', 'Reason')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.gross', 'Gross')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('documents.credit-notes.document', 'Document')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {credit.creditNotes.map((n) => (
                <Tr key={n.documentId}>
                  <Td>
                    <Typography fontWeight="semiBold">{n.number}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.date(n.issuedOn)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{n.reason}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(`-${n.gross}`, invoice.currency)}</Typography>
                  </Td>
                  <Td>
                    <PdfButtons
                      fetch={(download) => api.creditNotes.pdf(n.documentId, download)}
                      fileName={fileName(n.number)}
                      label={n.number}
                    />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : (
          <Typography textColor="neutral600">
            {t('documents.credit-notes.none', 'No credit note has been issued for this invoice.')}
          </Typography>
        )}
        {credit && (
          <Box paddingTop={2}>
            <Typography textColor="neutral600">
              {t('documents.credit-notes.summary', 'Credited {credited} · left to credit {remaining}', {
                credited: fmt.money(credit.credited, invoice.currency),
                remaining: fmt.money(credit.remaining, invoice.currency),
              })}
            </Typography>
          </Box>
        )}
      </Box>
      {crediting && (
        <CreditNoteModal
          invoice={invoice}
          describeLine={props.describeLine}
          onClose={() => setCrediting(false)}
          onIssued={async () => {
            setCrediting(false);
            await props.onChanged();
          }}
        />
      )}
    </Flex>
  );
}
