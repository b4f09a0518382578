import { useState } from 'react';
import { Badge, Box, Button, Field, Flex, Grid, TextInput, Toggle, Typography } from '@strapi/design-system';
import { useDocumentsApi, type EmailSettings, type EmailSettingsBody } from '../../../api/documents-client';
import { useSaveForm } from '../../../hooks/useSaveForm';
import { useT } from '../../../utils/useT';
import { documentsFailure } from './field-errors';
import { Cell, NumberField, Section } from './form-parts';

type Draft = {
  enabled: boolean;
  host: string;
  port: number | undefined;
  secure: boolean;
  requireTls: boolean;
  user: string;
  fromAddress: string;
  fromName: string;
  replyTo: string;
  sendOnFinalize: boolean;
};

const toDraft = (s: EmailSettings): Draft => ({
  enabled: s.enabled,
  host: s.host ?? '',
  port: s.port ?? undefined,
  secure: s.secure,
  requireTls: s.requireTls,
  user: s.user ?? '',
  fromAddress: s.fromAddress ?? '',
  fromName: s.fromName ?? '',
  replyTo: s.replyTo ?? '',
  sendOnFinalize: s.sendOnFinalize,
});

const text = (v: string) => (v.trim() === '' ? null : v);

/**
 * The mail server invoices are e-mailed through. The password is write-only: the
 * form shows only whether one is stored; typing one replaces it, "Clear password"
 * removes it, leaving the field empty keeps the stored one. It is never read back.
 */
export function EmailSettingsForm(props: { initial: EmailSettings; canEdit: boolean }) {
  const t = useT();
  const api = useDocumentsApi();
  const [stored, setStored] = useState(props.initial);
  const [draft, setDraft] = useState(() => toDraft(props.initial));
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const { errors, saving, submit } = useSaveForm((saved: EmailSettings) => {
    setStored(saved);
    setDraft(toDraft(saved));
    setPassword('');
    setClearPassword(false);
  }, documentsFailure);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const readOnly = !props.canEdit;

  function save() {
    const body: EmailSettingsBody = {
      enabled: draft.enabled,
      host: text(draft.host),
      port: draft.port ?? null,
      secure: draft.secure,
      requireTls: draft.requireTls,
      user: text(draft.user),
      fromAddress: text(draft.fromAddress),
      fromName: text(draft.fromName),
      replyTo: text(draft.replyTo),
      sendOnFinalize: draft.sendOnFinalize,
      ...(clearPassword ? { password: null } : password ? { password } : {}),
    };
    return submit(() => api.settings.putEmail(body), t('documents.email.saved', 'E-mail settings saved'));
  }

  const textField = (
    key: 'host' | 'user' | 'fromAddress' | 'fromName' | 'replyTo',
    label: string,
    hint?: string,
  ) => (
    <Field.Root name={key} hint={hint} error={errors[key]}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={draft[key]}
        disabled={readOnly}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
  const toggle = (
    key: 'enabled' | 'secure' | 'requireTls' | 'sendOnFinalize',
    label: string,
    hint: string,
  ) => (
    <Field.Root name={key} hint={hint} error={errors[key]}>
      <Field.Label>{label}</Field.Label>
      <Toggle
        onLabel={t('common.yes', 'Yes')}
        offLabel={t('common.no', 'No')}
        checked={draft[key]}
        disabled={readOnly}
        onChange={() => set(key, !draft[key])}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  const configured = stored.configured;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Section title={t('documents.email.server', 'Mail server (SMTP)')}>
        <Typography textColor="neutral600">
          {stored.source === 'settings'
            ? t('documents.email.source-settings', 'Invoices are e-mailed through the server entered here.')
            : stored.source === 'config'
              ? t(
                  'documents.email.source-config',
                  'Invoices are e-mailed through the server of the deployment ({origin}: {host}) until the settings below are switched on.',
                  { origin: configured?.origin ?? '', host: configured?.host ?? '' },
                )
              : t(
                  'documents.email.source-none',
                  'E-mail is not set up: enter the server and the sender address and switch it on.',
                )}
        </Typography>
        <Grid.Root gap={4}>
          <Cell col={12}>
            {toggle(
              'enabled',
              t('documents.email.enabled', 'Send e-mail through this server'),
              t('documents.email.enabled-hint', 'When off, the deployment’s server is used if it has one.'),
            )}
          </Cell>
          <Cell col={8}>
            {textField(
              'host',
              t('documents.email.host', 'Host'),
              t('documents.email.host-hint', 'e.g. smtp.example.ch'),
            )}
          </Cell>
          <Cell col={4}>
            <NumberField
              name="port"
              label={t('documents.email.port', 'Port')}
              hint={t('documents.email.port-hint', 'Empty: 465 with TLS, else 587')}
              error={errors.port}
              value={draft.port}
              disabled={readOnly}
              onChange={(v) => set('port', v)}
            />
          </Cell>
          <Cell col={6}>
            {toggle(
              'secure',
              t('documents.email.secure', 'TLS from the start (SMTPS)'),
              t('documents.email.secure-hint', 'On for port 465; off: STARTTLS when the server offers it'),
            )}
          </Cell>
          <Cell col={6}>
            {toggle(
              'requireTls',
              t('documents.email.require-tls', 'Require STARTTLS'),
              t('documents.email.require-tls-hint', 'Refuse to send over an unencrypted connection'),
            )}
          </Cell>
          <Cell col={6}>{textField('user', t('documents.email.user', 'User name'))}</Cell>
          <Cell col={6}>
            <Field.Root
              name="password"
              error={errors.password}
              hint={t(
                'documents.email.password-hint',
                'Stored encrypted and never shown. Leave empty to keep the stored password.',
              )}
            >
              <Flex gap={2} alignItems="center">
                <Field.Label>{t('documents.email.password', 'Password')}</Field.Label>
                <Badge variant={stored.passwordSet && !clearPassword ? 'success' : 'neutral'}>
                  {stored.passwordSet && !clearPassword
                    ? t('documents.email.password-set', 'set')
                    : t('documents.email.password-not-set', 'not set')}
                </Badge>
              </Flex>
              <TextInput
                type="password"
                autoComplete="new-password"
                value={password}
                disabled={readOnly || clearPassword}
                placeholder={
                  stored.passwordSet
                    ? t('documents.email.password-replace', 'Type a new password to replace it')
                    : undefined
                }
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            {!readOnly && stored.passwordSet && (
              <Box paddingTop={2}>
                <Button variant="tertiary" size="S" onClick={() => setClearPassword((c) => !c)}>
                  {clearPassword
                    ? t('documents.email.keep-password', 'Keep the stored password')
                    : t('documents.email.clear-password', 'Clear password')}
                </Button>
              </Box>
            )}
          </Cell>
        </Grid.Root>
      </Section>
      <Section title={t('documents.email.sender', 'Sender')}>
        <Grid.Root gap={4}>
          <Cell col={6}>
            {textField(
              'fromAddress',
              t('documents.email.from-address', 'Sender address'),
              t('documents.email.from-address-hint', 'e.g. rechnungen@example.ch'),
            )}
          </Cell>
          <Cell col={6}>{textField('fromName', t('documents.email.from-name', 'Sender name'))}</Cell>
          <Cell col={6}>{textField('replyTo', t('documents.email.reply-to', 'Reply-to address'))}</Cell>
          <Cell col={6}>
            {toggle(
              'sendOnFinalize',
              t('documents.email.send-on-finalize', 'E-mail invoices when a run is finalized'),
              t(
                'documents.email.send-on-finalize-hint',
                'To parties with an e-mail address; the others can be sent later from the run.',
              ),
            )}
          </Cell>
        </Grid.Root>
      </Section>
      {props.canEdit && (
        <Flex justifyContent="flex-end">
          <Button onClick={() => void save()} loading={saving}>
            {t('common.save', 'Save')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
