import { Field, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { TextField } from './fields';

export type PartyDraft = {
  kind: 'natural' | 'legal';
  firstName: string;
  lastName: string;
  companyName: string;
  email: string;
  phone: string;
  line1: string;
  postalCode: string;
  city: string;
  country: string;
  member: string;
};

export const emptyParty = (): PartyDraft => ({
  kind: 'natural',
  firstName: '',
  lastName: '',
  companyName: '',
  email: '',
  phone: '',
  line1: '',
  postalCode: '',
  city: '',
  country: '',
  member: '',
});

/** The API body of a party draft (blank optional fields become null). */
export function partyBody(d: PartyDraft): Record<string, unknown> {
  const text = (v: string) => (v.trim() ? v.trim() : null);
  const hasAddress = [d.line1, d.postalCode, d.city, d.country].some((v) => v.trim());
  return {
    kind: d.kind,
    firstName: text(d.firstName),
    lastName: text(d.lastName),
    companyName: d.kind === 'legal' ? text(d.companyName) : null,
    email: text(d.email),
    phone: text(d.phone),
    address: hasAddress
      ? { line1: d.line1, postalCode: text(d.postalCode), city: text(d.city), country: text(d.country) }
      : null,
    member: d.member.trim() ? Number(d.member.trim()) : null,
  };
}

/** Natural or legal person, contact and address — shared by the Parties page and the move wizard. */
export function PartyFields({
  draft,
  onChange,
  errors,
  prefix = '',
}: {
  draft: PartyDraft;
  onChange: (d: PartyDraft) => void;
  errors: Record<string, string>;
  prefix?: string;
}) {
  const t = useT();
  const set = (key: keyof PartyDraft) => (value: string) => onChange({ ...draft, [key]: value });
  const legal = draft.kind === 'legal';
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <Field.Root name={`${prefix}kind`}>
          <Field.Label>{t('field.kind', 'Kind')}</Field.Label>
          <SingleSelect
            value={draft.kind}
            onChange={(v: string | number) => onChange({ ...draft, kind: String(v) as PartyDraft['kind'] })}
          >
            <SingleSelectOption value="natural">
              {t('billing.party.natural', 'Natural person')}
            </SingleSelectOption>
            <SingleSelectOption value="legal">
              {t('billing.party.legal-long', 'Legal person (company, association…)')}
            </SingleSelectOption>
          </SingleSelect>
        </Field.Root>
      </Grid.Item>
      {legal && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name={`${prefix}companyName`}
            label={t('field.company-name', 'Company name')}
            value={draft.companyName}
            onChange={set('companyName')}
            error={errors.companyName}
            required
          />
        </Grid.Item>
      )}
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}firstName`}
          label={
            legal
              ? t('billing.party.contact-first-name', 'Contact first name')
              : t('field.first-name', 'First name')
          }
          value={draft.firstName}
          onChange={set('firstName')}
          error={errors.firstName}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}lastName`}
          label={
            legal
              ? t('billing.party.contact-last-name', 'Contact last name')
              : t('field.last-name', 'Last name')
          }
          value={draft.lastName}
          onChange={set('lastName')}
          error={errors.lastName}
          required={!legal}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}email`}
          label={t('field.email', 'Email')}
          value={draft.email}
          onChange={set('email')}
          error={errors.email}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}phone`}
          label={t('field.phone', 'Phone')}
          value={draft.phone}
          onChange={set('phone')}
          error={errors.phone}
        />
      </Grid.Item>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}line1`}
          label={t('field.line1', 'Street and number')}
          value={draft.line1}
          onChange={set('line1')}
          error={errors.address}
        />
      </Grid.Item>
      <Grid.Item col={4} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}postalCode`}
          label={t('field.postal-code', 'Postal code')}
          value={draft.postalCode}
          onChange={set('postalCode')}
        />
      </Grid.Item>
      <Grid.Item col={5} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}city`}
          label={t('field.city', 'City')}
          value={draft.city}
          onChange={set('city')}
        />
      </Grid.Item>
      <Grid.Item col={3} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}country`}
          label={t('field.country', 'Country')}
          value={draft.country}
          onChange={set('country')}
          hint={t('billing.country-hint', 'e.g. CH')}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name={`${prefix}member`}
          label={t('billing.party.member', 'Member account number')}
          value={draft.member}
          onChange={set('member')}
          error={errors.member}
          hint={t(
            'billing.party.member-hint',
            'The number of the member account that signs in as this party (optional)',
          )}
        />
      </Grid.Item>
    </Grid.Root>
  );
}
