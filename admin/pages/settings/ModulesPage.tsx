import { useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Toggle, Typography } from '@strapi/design-system';
import { Layouts, Page, useAuth, useNotification } from '@strapi/strapi/admin';
import { MODULES, MODULE_LABELS, type ModuleName } from '../../../src/modules';
import { useUtilitiesApi } from '../../api/client';
import { toApiFailure } from '../../api/errors';
import type { ModuleStatesDto } from '../../api/schemas';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { forgetModuleStates } from '../../rbac/module-filter';

const DESCRIPTIONS: Record<ModuleName, string> = {
  utilities: 'Utility types, activation, channels and ingestion logs.',
  devices: 'Device types and meters; needed for pairing and member links.',
  billing: 'Buildings, billing points, occupants, badges, rates and charging.',
  usage: 'Usage records from devices and spreadsheets.',
};

/** Settings → Utilities → Modules: switch the plugin's modules on and off for this app. */
export default function ModulesPage() {
  const { can, isLoading } = usePluginPermissions('settings');
  const api = useUtilitiesApi();
  const refetchPermissions = useAuth('ModulesPage', (state) => state.refetchPermissions);
  const { toggleNotification } = useNotification();
  const [states, setStates] = useState<ModuleStatesDto | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (can.read)
      api.modules
        .states()
        .then(setStates, (e) => toggleNotification({ type: 'danger', message: toApiFailure(e).message }));
  }, [api, can.read, toggleNotification]);

  async function save() {
    if (!states) return;
    setSaving(true);
    try {
      setStates(await api.modules.update(states));
      forgetModuleStates();
      await refetchPermissions(); // menus and links re-check with the new states
      toggleNotification({ type: 'success', message: 'Module settings saved' });
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error).message });
    } finally {
      setSaving(false);
    }
  }

  if (isLoading || (can.read && !states)) return <Page.Loading />;
  if (!can.read || !states) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>Utilities modules</Page.Title>
      <Layouts.Header
        title="Modules"
        subtitle="A disabled module hides its pages, refuses its routes and stops its schedules."
        primaryAction={
          can.write ? (
            <Button onClick={save} loading={saving}>
              Save
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
          <Flex direction="column" alignItems="stretch" gap={5}>
            {MODULES.map((module) => (
              <Field.Root key={module} name={module} hint={DESCRIPTIONS[module]}>
                <Field.Label>{MODULE_LABELS[module]}</Field.Label>
                <Toggle
                  onLabel="Enabled"
                  offLabel="Disabled"
                  checked={states[module]}
                  disabled={!can.write}
                  onChange={() => setStates({ ...states, [module]: !states[module] })}
                />
                <Field.Hint />
              </Field.Root>
            ))}
            {!can.write && (
              <Typography textColor="neutral600">You can view these settings but not change them.</Typography>
            )}
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
}
