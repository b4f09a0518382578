import { useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Toggle, Typography } from '@strapi/design-system';
import { Layouts, Page, useAuth, useNotification } from '@strapi/strapi/admin';
import type { MessageDescriptor } from 'react-intl';
import { MODULES, type ModuleName } from '../../../src/modules';
import { useUtilitiesApi } from '../../api/client';
import { toApiFailure } from '../../api/errors';
import type { ModuleStatesDto } from '../../api/schemas';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { forgetModuleStates } from '../../rbac/module-filter';
import { msg, useT } from '../../utils/useT';

const LABELS: Record<ModuleName, MessageDescriptor> = {
  utilities: msg('modules.utilities', 'Utilities'),
  devices: msg('modules.devices', 'Meters'),
  billing: msg('modules.billing', 'Billing'),
  usage: msg('modules.usage', 'Usage charging'),
};

const DESCRIPTIONS: Record<ModuleName, MessageDescriptor> = {
  utilities: msg('modules.utilities.hint', 'Utility types, activation, channels and ingestion logs.'),
  devices: msg('modules.devices.hint', 'Meter types and meters; needed for pairing and member links.'),
  billing: msg('modules.billing.hint', 'Buildings, billing points, occupants, badges, rates and charging.'),
  usage: msg('modules.usage.hint', 'Usage records from meters and spreadsheets.'),
};

/** Settings → Utilities → Modules: switch the plugin's modules on and off for this app. */
export default function ModulesPage() {
  const { can, isLoading } = usePluginPermissions('settings');
  const api = useUtilitiesApi();
  const refetchPermissions = useAuth('ModulesPage', (state) => state.refetchPermissions);
  const { toggleNotification } = useNotification();
  const t = useT();
  const [states, setStates] = useState<ModuleStatesDto | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (can.read)
      api.modules
        .states()
        .then(setStates, (e) => toggleNotification({ type: 'danger', message: toApiFailure(e, t).message }));
  }, [api, can.read, toggleNotification, t]);

  async function save() {
    if (!states) return;
    setSaving(true);
    try {
      setStates(await api.modules.update(states));
      forgetModuleStates();
      await refetchPermissions(); // menus and links re-check with the new states
      toggleNotification({ type: 'success', message: t('modules.saved', 'Module settings saved') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    } finally {
      setSaving(false);
    }
  }

  if (isLoading || (can.read && !states)) return <Page.Loading />;
  if (!can.read || !states) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>{t('modules.page-title', 'Utilities modules')}</Page.Title>
      <Layouts.Header
        title={t('modules.title', 'Modules')}
        subtitle={t(
          'modules.subtitle',
          'A disabled module hides its pages, refuses its routes and stops its schedules.',
        )}
        primaryAction={
          can.write ? (
            <Button onClick={save} loading={saving}>
              {t('common.save', 'Save')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
          <Flex direction="column" alignItems="stretch" gap={5}>
            {MODULES.map((module) => (
              <Field.Root key={module} name={module} hint={t(DESCRIPTIONS[module])}>
                <Field.Label>{t(LABELS[module])}</Field.Label>
                <Toggle
                  onLabel={t('modules.enabled', 'Enabled')}
                  offLabel={t('modules.disabled', 'Disabled')}
                  checked={states[module]}
                  disabled={!can.write}
                  onChange={() => setStates({ ...states, [module]: !states[module] })}
                />
                <Field.Hint />
              </Field.Root>
            ))}
            {!can.write && (
              <Typography textColor="neutral600">
                {t('common.read-only', 'You can view these settings but not change them.')}
              </Typography>
            )}
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
}
