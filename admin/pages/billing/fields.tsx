import type { ReactNode } from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { DateInput } from '../../components/DateInput';

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
