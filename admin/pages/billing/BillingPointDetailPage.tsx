import { useState } from 'react';
import { Box, Button, Grid, Tabs, Typography } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { useBillingApi } from '../../api/billing-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { BillingPointForm } from './BillingPointForm';
import { ConsumptionTab } from './ConsumptionTab';
import { msg, useT } from '../../utils/useT';
import { BASE, useBillingFormat } from './format';
import { MetersTab } from './MetersTab';
import { OccupantsTab } from './OccupantsTab';
import { RatesTab } from './RatesTab';
import { useLoader } from '../../hooks/useLoader';
import { NotFound } from '../../components/NotFound';

/** One billing point: its meters by utility, its occupants (and moves), its consumption, and the rates that price it. */
export function BillingPointDetailPage() {
  const { id = '' } = useParams();
  const billing = usePluginPermissions('billing');
  const rates = usePluginPermissions('rates');
  const api = useBillingApi();
  const t = useT();
  const { formatDate, kindLabel } = useBillingFormat();
  const point = useLoader(() => api.billingPoints.get(id), [api, id], billing.can.read);
  const [editing, setEditing] = useState(false);

  if (billing.isLoading || rates.isLoading) return <Page.Loading />;
  if (!billing.can.read) return <Page.NoPermissions />;
  if (point.error)
    return (
      <NotFound back={BASE} backLabel={msg('billing.points.title', 'Billing points')} reason={point.error} />
    );
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
        subtitle={t(
          'billing.point.subtitle',
          '{kind} in {building}{active, select, true {} other { — inactive}}',
          {
            kind: kindLabel(p.kind),
            building: p.building
              ? `${p.building.name} (${p.building.timezone})`
              : t('billing.point.unknown-building', 'an unknown building'),
            active: p.active ? 'true' : 'false',
          },
        )}
        primaryAction={
          billing.can.write ? (
            <Button startIcon={<Pencil />} variant="secondary" onClick={() => setEditing(true)}>
              {t('common.edit', 'Edit')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Box padding={4} marginBottom={4} background="neutral0" hasRadius shadow="tableShadow">
          <Grid.Root gap={4}>
            {fact(
              t('billing.points.occupant-today', 'Occupant today'),
              p.currentOccupant
                ? t('billing.point.occupant-since', '{name} since {date}', {
                    name: p.currentOccupant.party?.displayName ?? '—',
                    date: formatDate(p.currentOccupant.entryDate),
                  })
                : t('billing.point.vacant', 'Vacant'),
            )}
            {fact(
              t('field.owner', 'Owner'),
              p.owner?.displayName ??
                t('billing.point.building-owner', '— (building owner: {name})', {
                  name: p.vacancyBilledTo?.displayName ?? t('billing.point.none', 'none'),
                }),
            )}
            {fact(
              t('billing.point.vacancy-billed-to', 'Vacancy billed to'),
              p.vacancyBilledTo?.displayName ?? t('billing.point.no-owner', 'No owner set'),
            )}
            {fact(
              t('billing.point.calendar', 'Calendar'),
              t('billing.point.today-in', '{date} in {timeZone}', {
                date: formatDate(p.today),
                timeZone: p.building?.timezone ?? 'UTC',
              }),
            )}
          </Grid.Root>
          {p.notes && (
            <Box paddingTop={4}>
              <Typography textColor="neutral600">{p.notes}</Typography>
            </Box>
          )}
        </Box>
        <Tabs.Root defaultValue="meters">
          <Tabs.List aria-label={t('error.entity.billing-point', 'Billing point')}>
            <Tabs.Trigger value="meters">{t('meters.title', 'Meters')}</Tabs.Trigger>
            <Tabs.Trigger value="occupants">{t('billing.occupants.title', 'Occupants')}</Tabs.Trigger>
            <Tabs.Trigger value="consumption">{t('chart.consumption', 'Consumption')}</Tabs.Trigger>
            {rates.can.read && <Tabs.Trigger value="rates">{t('billing.rates.title', 'Rates')}</Tabs.Trigger>}
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
      {editing && (
        <BillingPointForm
          existing={p}
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
