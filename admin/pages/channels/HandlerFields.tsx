import {
  Field,
  Flex,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
} from '@strapi/design-system';
import type { ConfigFieldDto } from '../../api/channels-client';
import { useT } from '../../utils/useT';
import { knownFieldLabel } from '../../api/field-labels';
import { isRequired, visibleFields, type ConfigDraft } from './config-draft';

type Props = {
  schema: ConfigFieldDto[];
  draft: ConfigDraft;
  production: boolean;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (key: string, value: unknown) => void;
};

/**
 * The selected handler's own fields, rendered from its config schema: required marks
 * (also "required for production"), masked secrets, and fields that appear only for
 * certain values of another (visibleWhen).
 */
export function HandlerFields({ schema, draft, production, errors, disabled, onChange }: Props) {
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {visibleFields(schema, draft.values).map((field) => (
        <ConfigInput
          key={field.key}
          field={field}
          value={draft.values[field.key]}
          storedSecret={Boolean(draft.storedSecrets[field.key])}
          required={isRequired(field, production)}
          production={production}
          error={errors[field.key]}
          disabled={disabled}
          onChange={(value) => onChange(field.key, value)}
        />
      ))}
    </Flex>
  );
}

/** A stored config value as an input's text: an object (never stored by a form) as JSON, not "[object Object]". */
function inputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

function ConfigInput(props: {
  field: ConfigFieldDto;
  value: unknown;
  storedSecret: boolean;
  required: boolean;
  production: boolean;
  error?: string;
  disabled?: boolean;
  onChange: (value: unknown) => void;
}) {
  const { field, value, storedSecret, required, production, error, disabled, onChange } = props;
  const t = useT();
  const name = `config.${field.key}`;
  const text = inputText(value);
  let hint = field.help;
  if (field.type === 'secret' && storedSecret)
    hint = `${t('channels.secret.stored-hint', 'A value is stored and hidden. Leave empty to keep it, or type a new one.')}${field.help ? ` ${field.help}` : ''}`;
  if (field.type === 'cron')
    hint = `${field.help ?? ''} ${t('channels.cron-hint', 'Cron expression, e.g. 0 3 * * *')}`.trim();
  if (!field.required && field.requiredInProduction && !production && !/production/i.test(hint ?? ''))
    hint =
      `${hint ?? ''} ${t('channels.required-in-production', 'Required for production channels.')}`.trim();

  let input: React.ReactNode;
  switch (field.type) {
    case 'boolean':
      input = (
        <Toggle
          onLabel={t('common.yes', 'Yes')}
          offLabel={t('common.no', 'No')}
          checked={value === true}
          disabled={disabled}
          onChange={() => onChange(!(value === true))}
        />
      );
      break;
    case 'number':
      input = (
        <NumberInput
          value={typeof value === 'number' ? value : undefined}
          step={field.integer ? 1 : undefined}
          disabled={disabled}
          onValueChange={(v: number | undefined) => onChange(v === undefined ? '' : v)}
        />
      );
      break;
    case 'select':
      input = (
        <SingleSelect
          value={text || undefined}
          disabled={disabled}
          onChange={(v: string | number) => onChange(String(v))}
          placeholder={t('common.choose', 'Choose…')}
        >
          {(field.options ?? []).map((option) => (
            <SingleSelectOption key={option.value} value={option.value}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      );
      break;
    case 'text':
      input = (
        <Textarea
          value={text}
          disabled={disabled}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
        />
      );
      break;
    case 'secret':
      input = field.multiline ? (
        <Textarea
          value={text}
          disabled={disabled}
          placeholder={storedSecret ? t('channels.secret.stored', '•••••••• (stored)') : undefined}
          autoComplete="off"
          spellCheck={false}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
        />
      ) : (
        <TextInput
          type="password"
          value={text}
          disabled={disabled}
          placeholder={storedSecret ? t('channels.secret.stored', '•••••••• (stored)') : undefined}
          autoComplete="new-password"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      );
      break;
    default:
      input = (
        <TextInput
          value={text}
          disabled={disabled}
          placeholder={field.placeholder}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      );
  }
  return (
    <Field.Root name={name} id={name} required={required} error={error} hint={hint}>
      {/* A handler's fields are labelled in its (English) schema; fields the catalogue knows are translated. */}
      <Field.Label>{knownFieldLabel(field.key, t) ?? field.label}</Field.Label>
      {input}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
