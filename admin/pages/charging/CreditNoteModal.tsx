import { useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Modal,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Decimal } from 'decimal.js';
import type { InvoiceDetail } from '../../api/charging-client';
import { useDocumentsApi, type CreditNote } from '../../api/documents-client';
import { ModalContent } from '../../components/ModalContent';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { parseDecimalInput, useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';

type Mode = 'all' | 'lines' | 'amount';

/** Chosen once per dialog: the server refuses the same id twice, so a double click issues one note. */
const newRequestId = () => `admin-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/**
 * Issues a credit note for a finalized invoice: everything still open, chosen
 * lines (each whole), or an amount (net, before VAT) of one line — with the reason
 * printed on it. What each line has left to credit is shown, so a refusal ("more
 * than is left") is seen before sending; the server checks again and its refusal
 * is shown at the field.
 */
export function CreditNoteModal(props: {
  invoice: InvoiceDetail;
  describeLine: (index: number) => string;
  onClose: () => void;
  onIssued: () => Promise<void>;
}) {
  const { invoice } = props;
  const t = useT();
  const fmt = useFormat();
  const api = useDocumentsApi();
  const [requestId] = useState(newRequestId);
  const [mode, setMode] = useState<Mode>('all');
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [line, setLine] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const { errors, saving, submit } = useSaveForm<CreditNote>(() => void props.onIssued());
  const { data: prior } = useLoader(
    () => api.invoices.creditNotes(invoice.documentId),
    [api, invoice.documentId],
  );

  // Net left to credit per line: the line's amount minus what earlier credit notes took of it.
  const left = invoice.lines.map((l, index) =>
    (prior ?? [])
      .flatMap((n) => n.lines.filter((c) => c.line === index))
      .reduce((rest, c) => rest.sub(c.amount), new Decimal(l.amount)),
  );
  const open = invoice.lines
    .map((_, index) => index)
    .filter((index) => !left[index].isZero() && !new Decimal(invoice.lines[index].amount).isZero());

  function issue() {
    setLocalError(null);
    let lines: 'all' | { line: number; amount?: string }[] = 'all';
    if (mode === 'lines') lines = [...chosen].sort((a, b) => a - b).map((index) => ({ line: index }));
    if (mode === 'amount') {
      const typed = parseDecimalInput(amount, t.locale);
      if (line === null)
        return setLocalError(t('documents.credit.choose-line', 'Choose the line to credit.'));
      let value: Decimal;
      try {
        value = new Decimal(typed);
      } catch {
        return setLocalError(t('documents.credit.amount-invalid', 'Enter an amount above zero, e.g. 12.50.'));
      }
      if (value.lte(0))
        return setLocalError(t('documents.credit.amount-invalid', 'Enter an amount above zero, e.g. 12.50.'));
      if (value.gt(left[line]))
        return setLocalError(
          t(
            'documents.credit.amount-too-large',
            'That is more than is left to credit on this line: at most {left}.',
            {
              left: fmt.money(left[line].toFixed(), invoice.currency),
            },
          ),
        );
      lines = [{ line, amount: value.toFixed() }];
    }
    return submit(
      () => api.invoices.credit(invoice.documentId, { requestId, reason, lines }),
      (note) => t('documents.credit.issued', 'Credit note {number} issued', { number: note.number }),
    );
  }

  // The server's refusal at the field it concerns: the lines, the amount, the reason.
  const linesError = localError ?? errors.lines;
  const lineLabel = (index: number) =>
    t('documents.credit.line-left', '{what} · left {left}', {
      what: props.describeLine(index),
      left: fmt.money(left[index].toFixed(), invoice.currency),
    });
  const canIssue =
    reason.trim() !== '' &&
    (mode === 'all' || (mode === 'lines' ? chosen.size > 0 : line !== null && amount.trim() !== ''));

  return (
    <Modal.Root open onOpenChange={(o) => !o && props.onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>
            {t('documents.credit.title', 'Credit note for invoice {number}', {
              number: invoice.number ?? '',
            })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography textColor="neutral600">
              {t(
                'documents.credit.intro',
                'The invoice stays as issued; the credit note gets its own number and document. Left to credit: {remaining}.',
                { remaining: fmt.money(invoice.credit?.remaining ?? invoice.totals.gross, invoice.currency) },
              )}
            </Typography>
            <Field.Root name="mode">
              <Field.Label>{t('documents.credit.what', 'What is credited')}</Field.Label>
              <Radio.Group
                value={mode}
                aria-label={t('documents.credit.what', 'What is credited')}
                onValueChange={(v: string) => {
                  setMode(v as Mode);
                  setLocalError(null);
                }}
              >
                <Radio.Item value="all">
                  {t('documents.credit.mode-all', 'Everything still open on the invoice')}
                </Radio.Item>
                <Radio.Item value="lines">
                  {t('documents.credit.mode-lines', 'Chosen lines, each in full')}
                </Radio.Item>
                <Radio.Item value="amount">
                  {t('documents.credit.mode-amount', 'An amount of one line (net, before VAT)')}
                </Radio.Item>
              </Radio.Group>
            </Field.Root>
            {mode === 'lines' && (
              <Flex direction="column" alignItems="stretch" gap={2}>
                {open.map((index) => (
                  <Checkbox
                    key={index}
                    checked={chosen.has(index)}
                    onCheckedChange={() =>
                      setChosen((c) => {
                        const next = new Set(c);
                        if (next.has(index)) next.delete(index);
                        else next.add(index);
                        return next;
                      })
                    }
                  >
                    {lineLabel(index)}
                  </Checkbox>
                ))}
              </Flex>
            )}
            {mode === 'amount' && (
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Field.Root name="line">
                  <Field.Label>{t('documents.credit.line', 'Line')}</Field.Label>
                  <SingleSelect
                    value={line === null ? undefined : String(line)}
                    placeholder={t('common.choose', 'Choose…')}
                    onChange={(v: string | number) => setLine(Number(v))}
                  >
                    {open
                      .filter((index) => new Decimal(invoice.lines[index].amount).gt(0))
                      .map((index) => (
                        <SingleSelectOption key={index} value={String(index)}>
                          {lineLabel(index)}
                        </SingleSelectOption>
                      ))}
                  </SingleSelect>
                </Field.Root>
                <Field.Root
                  name="amount"
                  hint={t(
                    'documents.credit.amount-hint',
                    'Net, before VAT; the VAT is credited in proportion.',
                  )}
                >
                  <Field.Label>
                    {t('documents.credit.amount', 'Amount ({currency})', { currency: invoice.currency })}
                  </Field.Label>
                  <TextInput
                    value={amount}
                    inputMode="decimal"
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)}
                  />
                  <Field.Hint />
                </Field.Root>
              </Flex>
            )}
            {linesError && (
              <Box role="alert">
                <Typography textColor="danger600">{linesError}</Typography>
              </Box>
            )}
            <Field.Root
              name="reason"
              required
              error={errors.reason}
              hint={t(
                'documents.credit.reason-hint',
                'Printed on the credit note, e.g. “Meter read wrongly”.',
              )}
            >
              <Field.Label>{t('documents.credit.reason', 'Reason')}</Field.Label>
              <Textarea
                value={reason}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('form.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={() => void issue()} loading={saving} disabled={!canIssue || !prior}>
            {t('documents.credit.submit', 'Issue credit note')}
          </Button>
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
