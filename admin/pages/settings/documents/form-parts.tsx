import type { ReactNode } from 'react';
import { Box, Field, Flex, Grid, NumberInput, Typography } from '@strapi/design-system';

/** A card of the settings page: a heading and its fields, as Strapi's own settings pages draw them. */
export function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {props.title}
        </Typography>
        {props.children}
      </Flex>
    </Box>
  );
}

/** One field's place in a section's 12-column grid (full width on small screens). */
export function Cell(props: { col: number; children: ReactNode }) {
  return (
    <Grid.Item col={props.col} s={12} direction="column" alignItems="stretch">
      {props.children}
    </Grid.Item>
  );
}

/** A whole-number field (days, a port) with its label, hint and the server's error. */
export function NumberField(props: {
  name: string;
  label: string;
  hint: string;
  error?: string;
  value: number | undefined;
  placeholder?: string;
  disabled: boolean;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <Field.Root name={props.name} error={props.error} hint={props.hint}>
      <Field.Label>{props.label}</Field.Label>
      <NumberInput
        value={props.value}
        step={1}
        disabled={props.disabled}
        placeholder={props.placeholder}
        onValueChange={(v: number | undefined) => props.onChange(v)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
