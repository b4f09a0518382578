import { useState } from 'react';
import { Box, Button, Grid, Tabs, Typography } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { useBillingApi } from '../../api/billing-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { BillingPointForm } from './BillingPointForm';
import { ConsumptionTab } from './ConsumptionTab';
import { BASE, formatDate, KIND_LABELS } from './format';
import { MetersTab } from './MetersTab';
import { OccupantsTab } from './OccupantsTab';
import { RatesTab } from './RatesTab';
import { useLoader } from '../../hooks/useLoader';

/** One billing point: its meters by utility, its occupants (and moves), its consumption, and the rates that price it. */
export function BillingPointDetailPage() {
  const { id = '' } = useParams();
  const billing = usePluginPermissions('billing');
  const rates = usePluginPermissions('rates');
  const api = useBillingApi();
  const point = useLoader(() => api.billingPoints.get(id), [api, id], billing.can.read);
  const buildings = useLoader(() => api.buildings.list({ pageSize: 100 }), [api], billing.can.write);
  const [editing, setEditing] = useState(false);

  if (billing.isLoading || rates.isLoading) return <Page.Loading />;
  if (!billing.can.read) return <Page.NoPermissions />;
  if (point.error) return <Page.Error />;
  if (!point.data) return <Page.Loading />;
  const p = point.data;

  const fact = (label: string, value: string) => (
    <Grid.Item col={3} direction="column" alignItems="flex-start">
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography>{value}</Typography>
    </Grid.Item>
  );

  return (
    <Page.Main>
      <Page.Title>{`${p.code} · ${p.name}`}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={BASE} />}
        title={`${p.code} · ${p.name}`}
        subtitle={`${KIND_LABELS[p.kind]} in ${p.building ? `${p.building.name} (${p.building.timezone})` : 'an unknown building'}${p.active ? '' : ' — inactive'}`}
        primaryAction={
          billing.can.write ? (
            <Button
              startIcon={<Pencil />}
              variant="secondary"
              onClick={() => setEditing(true)}
              disabled={!buildings.data}
            >
              Edit
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Box padding={4} marginBottom={4} background="neutral0" hasRadius shadow="tableShadow">
          <Grid.Root gap={4}>
            {fact(
              'Occupant today',
              p.currentOccupant
                ? `${p.currentOccupant.party?.displayName ?? '—'} since ${formatDate(p.currentOccupant.entryDate)}`
                : 'Vacant',
            )}
            {fact(
              'Owner',
              p.owner?.displayName ?? `— (building owner: ${p.vacancyBilledTo?.displayName ?? 'none'})`,
            )}
            {fact('Vacancy billed to', p.vacancyBilledTo?.displayName ?? 'No owner set')}
            {fact('Calendar', `${formatDate(p.today)} in ${p.building?.timezone ?? 'UTC'}`)}
          </Grid.Root>
          {p.notes && (
            <Box paddingTop={4}>
              <Typography textColor="neutral600">{p.notes}</Typography>
            </Box>
          )}
        </Box>
        <Tabs.Root defaultValue="meters">
          <Tabs.List aria-label="Billing point">
            <Tabs.Trigger value="meters">Meters</Tabs.Trigger>
            <Tabs.Trigger value="occupants">Occupants</Tabs.Trigger>
            <Tabs.Trigger value="consumption">Consumption</Tabs.Trigger>
            {rates.can.read && <Tabs.Trigger value="rates">Rates</Tabs.Trigger>}
          </Tabs.List>
          <Box paddingTop={4}>
            <Tabs.Content value="meters">
              <MetersTab point={p} canWrite={billing.can.write} />
            </Tabs.Content>
            <Tabs.Content value="occupants">
              <OccupantsTab point={p} canWrite={billing.can.write} onChanged={point.reload} />
            </Tabs.Content>
            <Tabs.Content value="consumption">
              <ConsumptionTab point={p} />
            </Tabs.Content>
            {rates.can.read && (
              <Tabs.Content value="rates">
                <RatesTab point={p} canWrite={rates.can.write} />
              </Tabs.Content>
            )}
          </Box>
        </Tabs.Root>
      </Layouts.Content>
      {editing && buildings.data && (
        <BillingPointForm
          existing={p}
          buildings={buildings.data.data}
          onClose={() => setEditing(false)}
          onSaved={async () => {
            setEditing(false);
            await point.reload();
          }}
        />
      )}
    </Page.Main>
  );
}
