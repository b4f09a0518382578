import { Tabs } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { DevicesTab } from './DevicesTab';
import { DeviceTypesTab } from './DeviceTypesTab';

/** Meters (the Devices module): devices and device types. */
export default function MetersPage() {
  const { can, isLoading } = usePluginPermissions('devices');
  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Page.Main>
      <Page.Title>Meters</Page.Title>
      <Layouts.Header title="Meters" subtitle="Devices that measure utilities, and their types." />
      <Layouts.Content>
        <Tabs.Root defaultValue="devices">
          <Tabs.List aria-label="Meters">
            <Tabs.Trigger value="devices">Devices</Tabs.Trigger>
            <Tabs.Trigger value="device-types">Device types</Tabs.Trigger>
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
