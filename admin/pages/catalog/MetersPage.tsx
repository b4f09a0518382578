import { Tabs } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { msg, useT } from '../../utils/useT';
import { DeviceDetailPage, METERS_BASE } from './DeviceDetailPage';
import { DevicesTab } from './DevicesTab';
import { DeviceTypesTab } from './DeviceTypesTab';
import { NotFound } from '../../components/NotFound';

/** Meters (the Devices module): devices and device types, and a page per device (`devices/:id`). */
export default function MetersPage() {
  return (
    <Routes>
      <Route index element={<MetersList />} />
      <Route path="devices/:id" element={<DeviceDetailPage />} />
      <Route path="*" element={<NotFound back={METERS_BASE} backLabel={msg('meters.title', 'Meters')} />} />
    </Routes>
  );
}

function MetersList() {
  const { can, isLoading } = usePluginPermissions('devices');
  const t = useT();
  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Page.Main>
      <Page.Title>{t('meters.title', 'Meters')}</Page.Title>
      <Layouts.Header
        title={t('meters.title', 'Meters')}
        subtitle={t('meters.subtitle', 'The meters that measure each utility, and their types.')}
      />
      <Layouts.Content>
        <Tabs.Root defaultValue="devices">
          <Tabs.List aria-label={t('meters.title', 'Meters')}>
            <Tabs.Trigger value="devices">{t('meters.tab.devices', 'Devices')}</Tabs.Trigger>
            <Tabs.Trigger value="device-types">{t('meters.tab.types', 'Device types')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="devices">
            <DevicesTab canWrite={can.write} />
          </Tabs.Content>
          <Tabs.Content value="device-types">
            <DeviceTypesTab canWrite={can.write} />
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>
    </Page.Main>
  );
}
