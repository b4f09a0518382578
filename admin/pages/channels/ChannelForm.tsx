import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Divider,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { isFetchError, useNotification } from '@strapi/strapi/admin';
import {
  useChannelsApi,
  type ChannelBody,
  type ChannelDto,
  type HandlerDto,
} from '../../api/channels-client';
import { problemText, toApiFailure } from '../../api/errors';
import { useT, type Translate } from '../../utils/useT';
import { configBody, initialDraft, type ConfigDraft } from './config-draft';
import { HandlerFields } from './HandlerFields';

type Props = {
  handlers: HandlerDto[];
  /** null = "Add channel". */
  existing: ChannelDto | null;
  /** Read-only (the user lacks channels.write). */
  readOnly?: boolean;
  onSaved: (channel: ChannelDto) => void;
  onCancel?: () => void;
};

type Base = {
  code: string;
  name: string;
  handler: string;
  active: boolean;
  production: boolean;
  displayOrder: number;
  schedule: string;
};

const toBase = (c: ChannelDto | null): Base => ({
  code: c?.code ?? '',
  name: c?.name ?? '',
  handler: c?.handler ?? '',
  active: c?.active ?? true,
  production: c?.production ?? false,
  displayOrder: c?.displayOrder ?? 0,
  schedule: c?.schedule ?? '',
});

/** Field problems of a failed save: base fields by name, handler fields by their config key. */
function fieldErrors(
  error: unknown,
  t: Translate,
): { base: Record<string, string>; config: Record<string, string> } {
  const base: Record<string, string> = {};
  const config: Record<string, string> = {};
  if (isFetchError(error)) {
    const body = error.response?.data?.error as
      { details?: { errors?: { path?: string[]; message: string; code?: string }[] } } | undefined;
    const problems = body?.details?.errors ?? [];
    for (const problem of problems) {
      const [first, second] = problem.path ?? [];
      if (first === 'config' && second) config[second] ??= problemText(problem, t);
      else if (first) base[first] ??= problemText(problem, t);
    }
  }
  return { base, config };
}

/**
 * The channel form (the guide's "Add channel" / Edit): base fields, then the selected
 * handler's own fields. Code and handler are locked once the channel exists. The server
 * owns every rule; its field errors show inline, handler fields included.
 */
export function ChannelForm({ handlers, existing, readOnly, onSaved, onCancel }: Props) {
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [base, setBase] = useState<Base>(() => toBase(existing));
  const handler = useMemo(
    () => handlers.find((h) => h.id === base.handler) ?? null,
    [handlers, base.handler],
  );
  const [draft, setDraft] = useState<ConfigDraft>(() =>
    initialDraft(handler?.configSchema ?? [], existing?.config ?? null),
  );
  const [errors, setErrors] = useState<{ base: Record<string, string>; config: Record<string, string> }>({
    base: {},
    config: {},
  });
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Base>(key: K, value: Base[K]) => setBase((b) => ({ ...b, [key]: value }));

  function chooseHandler(id: string) {
    set('handler', id);
    const next = handlers.find((h) => h.id === id);
    setDraft(initialDraft(next?.configSchema ?? [], null));
    setErrors((e) => ({ ...e, config: {} }));
  }

  async function save() {
    setSaving(true);
    setErrors({ base: {}, config: {} });
    const body: ChannelBody = {
      name: base.name,
      active: base.active,
      production: base.production,
      displayOrder: base.displayOrder,
      schedule: base.schedule.trim() === '' ? null : base.schedule.trim(),
      config: configBody(handler?.configSchema ?? [], draft),
    };
    try {
      const saved = existing
        ? await api.update(existing.documentId, body)
        : await api.create({ ...body, code: base.code, handler: base.handler });
      toggleNotification({
        type: 'success',
        message: existing ? t('channels.saved', 'Channel saved') : t('channels.created', 'Channel created'),
      });
      setDraft(initialDraft(handler?.configSchema ?? [], saved.config));
      onSaved(saved);
    } catch (error) {
      setErrors(fieldErrors(error, t));
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    } finally {
      setSaving(false);
    }
  }

  const disabled = readOnly || saving;
  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="code"
            required
            error={errors.base.code}
            hint={
              existing
                ? t('channels.form.code-locked', "The code can't be changed once saved")
                : t(
                    'channels.form.code-hint',
                    'Uppercase letters, digits and underscores, e.g. VENDOR_SFTP. It cannot be changed later.',
                  )
            }
          >
            <Field.Label>{t('field.code', 'Code')}</Field.Label>
            <TextInput
              value={base.code}
              disabled={Boolean(existing) || disabled}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('code', e.target.value)}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="name" required error={errors.base.name}>
            <Field.Label>{t('field.name', 'Name')}</Field.Label>
            <TextInput
              value={base.name}
              disabled={disabled}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('name', e.target.value)}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="handler"
            required
            error={errors.base.handler}
            hint={
              existing
                ? t(
                    'channels.form.handler-locked',
                    "The handler can't be changed once the channel is created",
                  )
                : (handler?.description ??
                  t(
                    'channels.form.handler-hint',
                    'The kind of source. It cannot be changed later — choose carefully.',
                  ))
            }
          >
            <Field.Label>{t('channels.col.handler', 'Handler')}</Field.Label>
            {existing && !handler ? (
              <TextInput
                value={t('channels.form.handler-unregistered', '{handler} (not registered on this server)', {
                  handler: existing.handler,
                })}
                disabled
              />
            ) : (
              <SingleSelect
                value={base.handler || undefined}
                disabled={Boolean(existing) || disabled}
                placeholder={t('channels.form.handler-placeholder', 'Choose a handler…')}
                onChange={(v: string | number) => chooseHandler(String(v))}
              >
                {handlers.map((h) => (
                  <SingleSelectOption key={h.id} value={h.id}>
                    {h.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            )}
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="displayOrder"
            error={errors.base.displayOrder}
            hint={t('channels.form.order-hint', 'Lower numbers come first in the list')}
          >
            <Field.Label>{t('field.display-order', 'Display order')}</Field.Label>
            <NumberInput
              value={base.displayOrder}
              step={1}
              disabled={disabled}
              onValueChange={(v: number | undefined) => set('displayOrder', v ?? 0)}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="active"
            error={errors.base.active}
            hint={t(
              'channels.form.active-hint',
              'Inactive channels are neither pulled on schedule nor by Pull now',
            )}
          >
            <Field.Label>{t('field.active', 'Active')}</Field.Label>
            <Toggle
              onLabel={t('channels.status.active', 'Active')}
              offLabel={t('channels.status.inactive', 'Inactive')}
              checked={base.active}
              disabled={disabled}
              onChange={() => set('active', !base.active)}
            />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="production"
            error={errors.base.production}
            hint={t(
              'channels.form.production-hint',
              "A live connection (a test one otherwise). Production SFTP channels must pin the server's host key.",
            )}
          >
            <Field.Label>{t('channels.form.production', 'Production')}</Field.Label>
            <Toggle
              onLabel={t('channels.form.production', 'Production')}
              offLabel={t('channels.form.test', 'Test')}
              checked={base.production}
              disabled={disabled}
              onChange={() => set('production', !base.production)}
            />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        {(!handler || handler.capabilities.pull) && (
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root
              name="schedule"
              error={errors.base.schedule}
              hint={t(
                'channels.form.schedule-hint',
                "When to pull automatically, as a cron expression in the server's time zone — e.g. 0 3 * * * (daily at 03:00) or 0 * * * * (hourly). Leave empty to pull only with Pull now.",
              )}
            >
              <Field.Label>{t('field.schedule', 'Schedule')}</Field.Label>
              <TextInput
                value={base.schedule}
                placeholder="0 3 * * *"
                disabled={disabled}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('schedule', e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        )}
      </Grid.Root>

      {handler && (
        <Box>
          <Divider />
          <Box paddingTop={4} paddingBottom={4}>
            <Typography variant="delta" tag="h3">
              {t('channels.form.handler-settings', '{handler} settings', { handler: handler.name })}
            </Typography>
          </Box>
          {errors.base.config && (
            <Typography textColor="danger600" variant="pi">
              {errors.base.config}
            </Typography>
          )}
          <HandlerFields
            schema={handler.configSchema}
            draft={draft}
            production={base.production}
            errors={errors.config}
            disabled={disabled}
            onChange={(key, value) => setDraft((d) => ({ ...d, values: { ...d.values, [key]: value } }))}
          />
        </Box>
      )}

      {(Object.keys(errors.base).length > 0 || Object.keys(errors.config).length > 0) && (
        <Typography textColor="danger600" variant="pi">
          {t('form.correct-fields', 'Please correct the highlighted fields.')}
        </Typography>
      )}
      {!readOnly && (
        <Flex gap={2} justifyContent="flex-end">
          {onCancel && (
            <Button variant="tertiary" onClick={onCancel}>
              {t('form.cancel', 'Cancel')}
            </Button>
          )}
          <Button onClick={save} loading={saving} disabled={!base.handler}>
            {existing ? t('form.save-changes', 'Save changes') : t('channels.form.create', 'Create channel')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
