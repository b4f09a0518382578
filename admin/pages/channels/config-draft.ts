import type { ConfigFieldDto } from '../../api/channels-client';

/**
 * The handler-config part of the channel form, kept apart from React so the rules are
 * easy to read: which fields show (visibleWhen, as the server decides it), the starting
 * values, and the body sent on save. Secrets are write-only: the form never holds a
 * stored secret, only whether one is stored; an empty secret input sends the server's
 * mask back, which keeps the stored value.
 */
export type ConfigDraft = {
  values: Record<string, unknown>;
  /** Secret key → the mask the server answered (a value is stored), absent when none is. */
  storedSecrets: Record<string, string>;
};

type Condition = { field: string; equals: (string | number | boolean)[] };

const conditionsOf = (field: ConfigFieldDto): Condition[] =>
  field.visibleWhen === undefined
    ? []
    : Array.isArray(field.visibleWhen)
      ? field.visibleWhen
      : [field.visibleWhen];

/** The fields shown for these values: a field controlled by a hidden field is hidden too. */
export function visibleFields(schema: ConfigFieldDto[], values: Record<string, unknown>): ConfigFieldDto[] {
  const shown = new Set<string>();
  const result: ConfigFieldDto[] = [];
  for (const field of schema) {
    const visible = conditionsOf(field).every(
      (c) => shown.has(c.field) && c.equals.some((v) => v === valueOf(schema, values, c.field)),
    );
    if (!visible) continue;
    shown.add(field.key);
    result.push(field);
  }
  return result;
}

function valueOf(schema: ConfigFieldDto[], values: Record<string, unknown>, key: string): unknown {
  if (values[key] !== undefined && values[key] !== '') return values[key];
  return schema.find((f) => f.key === key)?.default;
}

export function initialDraft(schema: ConfigFieldDto[], stored: Record<string, unknown> | null): ConfigDraft {
  const values: Record<string, unknown> = {};
  const storedSecrets: Record<string, string> = {};
  for (const field of schema) {
    const current = stored?.[field.key];
    if (field.type === 'secret') {
      values[field.key] = '';
      if (typeof current === 'string' && current !== '') storedSecrets[field.key] = current;
    } else if (current !== undefined && current !== null) {
      values[field.key] = current;
    } else if (field.default !== undefined) {
      values[field.key] = field.default;
    } else {
      values[field.key] = field.type === 'boolean' ? false : '';
    }
  }
  return { values, storedSecrets };
}

/** The `config` of the request: visible fields only, empty inputs left out, secrets kept when not retyped. */
export function configBody(schema: ConfigFieldDto[], draft: ConfigDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of visibleFields(schema, draft.values)) {
    const value = draft.values[field.key];
    if (field.type === 'secret') {
      if (typeof value === 'string' && value !== '') body[field.key] = value;
      else if (draft.storedSecrets[field.key]) body[field.key] = draft.storedSecrets[field.key];
      continue;
    }
    if (value === '' || value === undefined || value === null) continue;
    body[field.key] = value;
  }
  return body;
}

/** Is the field required given the production flag? */
export const isRequired = (field: ConfigFieldDto, production: boolean) =>
  Boolean(field.required || (field.requiredInProduction && production));
