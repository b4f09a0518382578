import { useState } from 'react';
import {
  Box,
  Button,
  Field,
  Modal,
  Table,
  Tbody,
  Td,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useChargingApi, type InvoiceDetail } from '../../api/charging-client';
import { RUN_STATUS_LABEL } from '../../components/runs/RunStatusBadge';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { ModalContent } from '../../components/ModalContent';
import { InvoiceDocuments } from './InvoiceDocuments';

/** An invoice's lines, its totals with the gross amount, and its note (editable while a draft). */
export function InvoiceModal({
  invoice,
  canEdit,
  onClose,
  onSaved,
  onDocumentsChanged,
}: {
  invoice: InvoiceDetail;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (i: InvoiceDetail) => void;
  /** After an e-mail or a credit note: the invoice (and its run's list) shown again. */
  onDocumentsChanged: () => Promise<void>;
}) {
  const api = useChargingApi();
  const t = useT();
  const fmt = useFormat();
  const { submit } = useSaveForm(onSaved);
  const [note, setNote] = useState(invoice.note ?? '');
  const saveNote = () =>
    submit(
      () => api.invoices.setNote(invoice.documentId, note || null),
      t('charging.invoice.note-saved', 'Note saved'),
    );

  /** HT and NT in the trade's own words; other band codes as they are. */
  const bandName = (band: string) =>
    band === 'HT'
      ? t('charging.band.ht', 'high tariff (HT)')
      : band === 'NT'
        ? t('charging.band.nt', 'low tariff (NT)')
        : band;
  const what = (l: InvoiceDetail['lines'][number]) => {
    const base = describe(l);
    if (!l.component) return base;
    return l.band
      ? t('charging.line.component-band', '{component}, {band} · {what}', {
          component: l.component,
          band: bandName(l.band),
          what: base,
        })
      : t('charging.line.component', '{component} · {what}', { component: l.component, what: base });
  };
  const describe = (l: InvoiceDetail['lines'][number]) => {
    const name = l.utilityType ?? l.usageMetric ?? '';
    if (l.kind === 'demand')
      return t(
        'charging.line.demand',
        '{name} · peak demand {month} · meter {meter} · interval from {start}',
        {
          name,
          month: l.month ?? '',
          meter: l.meterNumber ?? '',
          start: l.peakStartLocal ?? '',
        },
      );
    if (l.kind === 'fixed-fee') return t('charging.line.fixed-fee', '{name} fixed fee', { name });
    if (l.kind === 'community')
      return t(
        'charging.line.community',
        '{energy, select, solar {Solar energy} grid {Grid energy} localGridUsage {Grid usage on local energy} legDiscount {LEG grid-usage discount} other {Feed-in credit}} · community {community}',
        {
          // ICU select keys are words: local-grid-usage → localGridUsage.
          energy: (l.energy ?? '').replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()),
          community: l.community ?? '',
        },
      );
    if (l.kind === 'usage')
      return t('charging.line.usage', '{name} · device {device}', { name, device: l.deviceId ?? '' });
    const read = (r: typeof l.from) =>
      r
        ? r.estimated
          ? t('charging.line.estimated', '{value} (est.)', { value: fmt.number(r.value, 10) })
          : fmt.number(r.value, 10)
        : '—';
    return t('charging.line.consumption', '{name} · meter {meter} / {register} · {from} → {to}', {
      name,
      meter: l.meterNumber ?? '',
      register: l.register ?? '',
      from: read(l.from),
      to: read(l.to),
    });
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent style={{ maxWidth: '90vw', width: '90vw' }}>
        <Modal.Header>
          <Modal.Title>{`${invoice.party.displayName} · ${invoice.billingPoint.code} · ${fmt.dateRange(invoice.periodStart, invoice.periodEnd)} · ${t(RUN_STATUS_LABEL[invoice.status])}`}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Box paddingBottom={6}>
            <InvoiceDocuments
              invoice={invoice}
              describeLine={(index) => what(invoice.lines[index])}
              onChanged={onDocumentsChanged}
            />
          </Box>
          <Table colCount={8} rowCount={invoice.lines.length + 2}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('billing.coverage.days', 'Days')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.what', 'What')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.quantity', 'Quantity')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.tier', 'Tier')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.unit-price', 'Unit price')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.amount', 'Amount')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('charging.line.vat-percent', 'VAT %')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.vat', 'VAT')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {invoice.lines.map((l, i) => (
                <Tr key={i}>
                  <Td>
                    <Typography>{`${fmt.dateRange(l.periodStart, l.periodEnd)} (${fmt.number(l.days)})`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{what(l)}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.kind === 'fixed-fee'
                        ? t(
                            'charging.line.months',
                            '{quantity} {quantity, plural, one {month} other {months}}',
                            {
                              quantity: Number(l.quantity),
                            },
                          )
                        : `${fmt.number(l.quantity, 10)} ${l.unit ?? ''}`}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.tier
                        ? `${l.tier.index}: ${fmt.number(l.tier.from, 10)}–${l.tier.to ? fmt.number(l.tier.to, 10) : '∞'}`
                        : '—'}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.unitPrice, l.currency)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.amount, l.currency)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.number(l.vatRate, 4)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.money(l.vatAmount, l.currency)}</Typography>
                  </Td>
                </Tr>
              ))}
              <Tr>
                <Td colSpan={5}>
                  <Typography fontWeight="bold">{t('charging.invoice.total', 'Total')}</Typography>
                </Td>
                <Td>
                  <Typography fontWeight="bold">{fmt.money(invoice.totals.net, invoice.currency)}</Typography>
                </Td>
                <Td />
                <Td>
                  <Typography fontWeight="bold">
                    {t('charging.invoice.vat-gross', '{vat} · gross {gross}', {
                      vat: fmt.money(invoice.totals.vat, invoice.currency),
                      gross: fmt.money(invoice.totals.gross, invoice.currency),
                    })}
                  </Typography>
                </Td>
              </Tr>
            </Tbody>
          </Table>
          <Box paddingTop={4}>
            <Field.Root name="note">
              <Field.Label>{t('field.note', 'Note')}</Field.Label>
              <Textarea
                value={note}
                disabled={!canEdit}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)}
              />
            </Field.Root>
          </Box>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
          {canEdit && (
            <Button onClick={() => void saveNote()}>{t('charging.invoice.save-note', 'Save note')}</Button>
          )}
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
