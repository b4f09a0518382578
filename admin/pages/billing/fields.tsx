import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Combobox,
  ComboboxOption,
  Field,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import type { BillingApi, PartyBrief } from '../../api/billing-client';
import { DateInput } from '../../components/DateInput';
import { useT } from '../../utils/useT';

/** One cell of a form's grid (half the width unless `col` says otherwise), its field stretched to fill it. */
export function FormCell({ col = 6, children }: { col?: number; children: ReactNode }) {
  return (
    <Grid.Item col={col} direction="column" alignItems="stretch">
      {children}
    </Grid.Item>
  );
}

/** A labelled choice among fixed options with the server's field error inline. */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint} required={props.required}>
      <Field.Label>{props.label}</Field.Label>
      <SingleSelect value={props.value} onChange={(v: string | number) => props.onChange(String(v))}>
        {props.options.map((o) => (
          <SingleSelectOption key={o.value} value={o.value}>
            {o.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/** A labelled text input with the server's field error inline. */
export function TextField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: string;
  placeholder?: string;
}) {
  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint} required={props.required}>
      <Field.Label>{props.label}</Field.Label>
      <TextInput
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/**
 * A calendar date (yyyy-MM-dd) with Strapi's date picker: typed in the admin's
 * locale (31.01.2024 in German), picked from a calendar that stays legible in dark
 * mode, kept as calendar-date text so no time zone can shift the day.
 */
export function DateField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint} required={props.required}>
      <Field.Label>{props.label}</Field.Label>
      <DateInput value={props.value} onChange={props.onChange} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/** Picks a party by name (server-side search as you type). */
export function PartyPicker(props: {
  api: BillingApi;
  name: string;
  label: string;
  value: string | null;
  initial?: PartyBrief | null;
  onChange: (documentId: string | null) => void;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  const { api } = props;
  const t = useT();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<PartyBrief[]>(props.initial ? [props.initial] : []);
  // Loading from the first render: the effect below searches at once.
  const [loading, setLoading] = useState(true);
  const selected = props.value;
  useEffect(() => {
    let cancelled = false;
    async function search() {
      try {
        const res = await api.parties.list({ q: query.trim() || undefined, pageSize: 20 });
        if (!cancelled) {
          setOptions((current) => {
            const chosen = current.find((o) => o.documentId === selected);
            const found = res.data.map((p) => ({
              documentId: p.documentId,
              kind: p.kind,
              displayName: p.displayName,
            }));
            return chosen && !found.some((o) => o.documentId === chosen.documentId)
              ? [chosen, ...found]
              : found;
          });
        }
      } catch {
        if (!cancelled) setOptions([]);
      } finally {
        if (!cancelled) setLoading(false);
      }
    }
    const timer = setTimeout(() => void search(), 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, query, selected]);
  const sorted = useMemo(() => options, [options]);
  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint} required={props.required}>
      <Field.Label>{props.label}</Field.Label>
      <Combobox
        value={props.value ?? undefined}
        loading={loading}
        placeholder={t('billing.party-picker.placeholder', 'Type a name to search')}
        // The server already searched (first or last name, company, email, phone): the
        // combobox must not filter its answer again by "starts with what was typed".
        autocomplete="none"
        onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          setLoading(true);
          setQuery(e.target.value);
        }}
        onChange={(value?: string) => props.onChange(value ?? null)}
        onClear={() => props.onChange(null)}
        noOptionsMessage={() => t('billing.party-picker.none', 'No party matches; create it under Parties')}
      >
        {sorted.map((p) => (
          <ComboboxOption key={p.documentId} value={p.documentId}>
            {p.displayName || p.documentId}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
