import { useState, type ReactNode } from 'react';
import {
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import {
  DEFAULT_CREDIT_NOTE_PATTERN,
  DEFAULT_INVOICE_PATTERN,
  formatDocumentNumber,
  parseNumberPattern,
} from '../../../../src/documents/document-number';
import { DOCUMENT_LANGUAGES } from '../../../../src/documents/languages';
import type { IssuerSettings, IssuerSettingsBody } from '../../../api/documents-client';
import { useSaveForm } from '../../../hooks/useSaveForm';
import { msg, useT } from '../../../utils/useT';
import { Cell, NumberField, Section } from './form-parts';
import { documentsFailure, PATTERN_TOKENS } from './field-errors';
import { LogoField } from './LogoField';

export const LANGUAGE_LABELS = {
  de: msg('documents.language.de', 'German'),
  fr: msg('documents.language.fr', 'French'),
  it: msg('documents.language.it', 'Italian'),
  en: msg('documents.language.en', 'English'),
};

type Draft = {
  name: string;
  street: string;
  buildingNumber: string;
  postalCode: string;
  town: string;
  country: string;
  vatNumber: string;
  logoFileId: number | null;
  iban: string;
  paymentTermsDays: number | undefined;
  footer: string;
  defaultLanguage: string;
  invoiceNumberPattern: string;
  creditNoteNumberPattern: string;
};
type TextKey = Exclude<keyof Draft, 'logoFileId' | 'paymentTermsDays'>;

const toDraft = (s: IssuerSettings | null): Draft => ({
  name: s?.name ?? '',
  street: s?.address?.street ?? '',
  buildingNumber: s?.address?.buildingNumber ?? '',
  postalCode: s?.address?.postalCode ?? '',
  town: s?.address?.town ?? '',
  country: s?.address?.country ?? '',
  vatNumber: s?.vatNumber ?? '',
  logoFileId: s?.logoFileId ?? null,
  iban: s?.iban ?? '',
  paymentTermsDays: s?.paymentTermsDays ?? undefined,
  footer: s?.footer ?? '',
  defaultLanguage: s?.defaultLanguage ?? '',
  invoiceNumberPattern: s?.invoiceNumberPattern ?? '',
  creditNoteNumberPattern: s?.creditNoteNumberPattern ?? '',
});

const text = (v: string) => (v.trim() === '' ? null : v);

/** The whole issuer as the PUT takes it: an empty field is null (for an override: inherited). */
function toBody(d: Draft): IssuerSettingsBody {
  const address = [d.street, d.buildingNumber, d.postalCode, d.town, d.country].some((v) => v.trim())
    ? {
        street: text(d.street),
        buildingNumber: text(d.buildingNumber),
        postalCode: d.postalCode,
        town: d.town,
        country: d.country,
      }
    : null;
  return {
    name: text(d.name),
    address,
    vatNumber: text(d.vatNumber),
    logoFileId: d.logoFileId,
    iban: text(d.iban),
    paymentTermsDays: d.paymentTermsDays ?? null,
    footer: text(d.footer),
    defaultLanguage: text(d.defaultLanguage),
    invoiceNumberPattern: text(d.invoiceNumberPattern),
    creditNoteNumberPattern: text(d.creditNoteNumberPattern),
  };
}

/** How a pattern's numbers look this year, or null while it cannot be read. */
function example(pattern: string): string | null {
  const parsed = parseNumberPattern(pattern.trim());
  return 'error' in parsed ? null : formatDocumentNumber(pattern.trim(), new Date().getFullYear(), 123);
}

/**
 * An issuer's settings: who the invoices are from (name, address, VAT number, logo),
 * where they are paid (IBAN or QR-IBAN, payment terms), the footer, the language of
 * a party that names none, and how invoices and credit notes are numbered. For a
 * building's override, `inherited` is the default issuer: an empty field shows the
 * default's value as its placeholder and is taken from it when printing.
 */
export function IssuerForm(props: {
  initial: IssuerSettings | null;
  inherited?: IssuerSettings;
  canEdit: boolean;
  save: (body: IssuerSettingsBody) => Promise<IssuerSettings>;
  savedMessage: string;
  onSaved?: (saved: IssuerSettings) => void;
  extraActions?: ReactNode;
}) {
  const t = useT();
  const [draft, setDraft] = useState(() => toDraft(props.initial));
  const { errors, saving, submit } = useSaveForm((saved: IssuerSettings) => {
    setDraft(toDraft(saved));
    props.onSaved?.(saved);
  }, documentsFailure);
  const base = props.inherited ? toDraft(props.inherited) : null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const readOnly = !props.canEdit;

  const save = () => submit(() => props.save(toBody(draft)), props.savedMessage);

  /** An override's empty field: "Inherited: <default's value>". */
  const placeholder = (key: TextKey, fallback?: string) => {
    const value = base?.[key] || fallback;
    return value ? t('documents.inherited', 'Inherited: {value}', { value }) : undefined;
  };

  const textField = (
    key: TextKey,
    label: string,
    options: { hint?: string; required?: boolean; error?: string; fallback?: string } = {},
  ) => (
    <Field.Root
      name={key}
      hint={options.hint}
      error={options.error ?? errors[key] ?? errors[`address.${key}`]}
      required={options.required}
    >
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={draft[key]}
        disabled={readOnly}
        placeholder={placeholder(key, options.fallback)}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  const patternHint = (pattern: string, fallback: string) => {
    const shown = example(pattern || fallback);
    return shown
      ? t(
          'documents.pattern-hint',
          'Tokens {year4}, {year2}, {seq} or {seqN}. Numbers restart every year. Example: {example}',
          { ...PATTERN_TOKENS, example: shown },
        )
      : t('documents.pattern-hint-invalid', 'Tokens {year4}, {year2}, {seq} or {seqN}.', PATTERN_TOKENS);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Section title={t('documents.section.issuer', 'Issuer')}>
        <Grid.Root gap={4}>
          <Cell col={6}>
            {textField('name', t('documents.field.issuer-name', 'Issuer name'), {
              hint: t(
                'documents.field.issuer-name-hint',
                'As printed on the invoice and the QR-bill (at most 70 characters)',
              ),
            })}
          </Cell>
          <Cell col={6}>
            {textField('vatNumber', t('documents.field.vat-number', 'VAT number'), {
              hint: t('documents.field.vat-number-hint', 'e.g. CHE-123.456.789 MWST'),
            })}
          </Cell>
          <Cell col={8}>{textField('street', t('documents.field.street', 'Street'))}</Cell>
          <Cell col={4}>{textField('buildingNumber', t('documents.field.building-number', 'No.'))}</Cell>
          <Cell col={3}>{textField('postalCode', t('field.postal-code', 'Postal code'))}</Cell>
          <Cell col={6}>{textField('town', t('documents.field.town', 'Town'))}</Cell>
          <Cell col={3}>
            {textField('country', t('field.country', 'Country'), {
              hint: t('documents.field.country-hint', 'Two letters, e.g. CH'),
            })}
          </Cell>
          <Cell col={12}>
            <LogoField
              fileId={draft.logoFileId}
              inheritedId={base?.logoFileId ?? null}
              disabled={readOnly}
              error={errors.logoFileId}
              onChange={(id) => set('logoFileId', id)}
            />
          </Cell>
        </Grid.Root>
      </Section>
      <Section title={t('documents.section.payment', 'Payment')}>
        <Grid.Root gap={4}>
          <Cell col={8}>
            {textField('iban', t('documents.field.iban', 'IBAN or QR-IBAN'), {
              hint: t(
                'documents.field.iban-hint',
                'With a QR-IBAN the QR-bill carries a QR reference, with an IBAN a creditor reference (RF).',
              ),
            })}
          </Cell>
          <Cell col={4}>
            <NumberField
              name="paymentTermsDays"
              label={t('documents.field.payment-terms', 'Payment terms (days)')}
              hint={t(
                'documents.field.payment-terms-hint',
                'Days from the invoice date to the due date (0–365)',
              )}
              error={errors.paymentTermsDays}
              value={draft.paymentTermsDays}
              disabled={readOnly}
              placeholder={
                base?.paymentTermsDays !== undefined
                  ? t('documents.inherited', 'Inherited: {value}', { value: base.paymentTermsDays })
                  : undefined
              }
              onChange={(v) => set('paymentTermsDays', v)}
            />
          </Cell>
        </Grid.Root>
      </Section>
      <Section title={t('documents.section.document', 'Document')}>
        <Grid.Root gap={4}>
          <Cell col={4}>
            <Field.Root
              name="defaultLanguage"
              error={errors.defaultLanguage}
              hint={t('documents.field.language-hint', 'For parties without a language of their own')}
            >
              <Field.Label>{t('documents.field.language', 'Default language')}</Field.Label>
              <SingleSelect
                value={draft.defaultLanguage || 'none'}
                disabled={readOnly}
                onChange={(v: string | number) => set('defaultLanguage', v === 'none' ? '' : String(v))}
              >
                <SingleSelectOption value="none">
                  {base
                    ? t('documents.inherit-default', 'As the default issuer')
                    : t('documents.language.unset', 'Not set (German)')}
                </SingleSelectOption>
                {DOCUMENT_LANGUAGES.map((l) => (
                  <SingleSelectOption key={l} value={l}>
                    {t(LANGUAGE_LABELS[l])}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Cell>
          <Cell col={4}>
            {textField(
              'invoiceNumberPattern',
              t('documents.field.invoice-pattern', 'Invoice number pattern'),
              {
                hint: patternHint(
                  draft.invoiceNumberPattern || (base?.invoiceNumberPattern ?? ''),
                  DEFAULT_INVOICE_PATTERN,
                ),
                fallback: DEFAULT_INVOICE_PATTERN,
              },
            )}
          </Cell>
          <Cell col={4}>
            {textField(
              'creditNoteNumberPattern',
              t('documents.field.credit-note-pattern', 'Credit note number pattern'),
              {
                hint: patternHint(
                  draft.creditNoteNumberPattern || (base?.creditNoteNumberPattern ?? ''),
                  DEFAULT_CREDIT_NOTE_PATTERN,
                ),
                fallback: DEFAULT_CREDIT_NOTE_PATTERN,
              },
            )}
          </Cell>
          <Cell col={12}>
            <Field.Root
              name="footer"
              error={errors.footer}
              hint={t(
                'documents.field.footer-hint',
                'Printed at the foot of every page (at most 500 characters)',
              )}
            >
              <Field.Label>{t('documents.field.footer', 'Footer text')}</Field.Label>
              <Textarea
                value={draft.footer}
                disabled={readOnly}
                placeholder={placeholder('footer')}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('footer', e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Cell>
        </Grid.Root>
      </Section>
      {Object.keys(errors).length > 0 && (
        <Typography textColor="danger600" variant="pi">
          {t('form.correct-fields', 'Please correct the highlighted fields.')}
        </Typography>
      )}
      <Flex gap={2} justifyContent="flex-end">
        {props.extraActions}
        {props.canEdit && (
          <Button onClick={() => void save()} loading={saving}>
            {t('common.save', 'Save')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
