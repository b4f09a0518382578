import { Box, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { useState } from 'react';
import { useCatalogApi } from '../../api/catalog-client';
import { useConsumptionApi } from '../../api/consumption-client';
import { ConsumptionChart, ConsumptionControls } from '../../components/ConsumptionChart';
import { useConsumptionRange } from '../../hooks/useConsumptionRange';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { NotFound } from '../../components/NotFound';

export const METERS_BASE = '/plugins/utilities/meters';

/** One device: its facts and a chart of its consumption per day or month, register by register. */
export function DeviceDetailPage() {
  const { id = '' } = useParams();
  const devices = usePluginPermissions('devices');
  const catalog = useCatalogApi();
  const t = useT();
  const fmt = useFormat();
  const consumption = useConsumptionApi();
  const device = useLoader(() => catalog.devices.get(id), [catalog, id], devices.can.read);
  const { params, setPeriod, setRange } = useConsumptionRange();
  const [register, setRegister] = useState<string | undefined>(undefined);
  const series = useLoader(
    () => consumption.device(id, { ...params, ...(register ? { register } : {}) }),
    [consumption, id, params, register],
    devices.can.read,
  );

  if (devices.isLoading) return <Page.Loading />;
  if (!devices.can.read) return <Page.NoPermissions />;
  if (device.error)
    return <NotFound back={METERS_BASE} backLabel={msg('meters.title', 'Meters')} reason={device.error} />;
  if (!device.data) return <Page.Loading />;
  const d = device.data;
  const fact = (label: string, value: string) => (
    <Grid.Item col={3} s={6} direction="column" alignItems="flex-start">
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography>{value}</Typography>
    </Grid.Item>
  );
  const s = series.data;

  return (
    <Page.Main>
      <Page.Title>{t('meters.detail-title', 'Meter {number}', { number: d.meterNumber })}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={METERS_BASE} />}
        title={t('meters.detail-title', 'Meter {number}', { number: d.meterNumber })}
        subtitle={d.label ?? undefined}
      />
      <Layouts.Content>
        <Box
          padding={4}
          marginBottom={4}
          background="neutral0"
          hasRadius
          shadow="tableShadow"
          data-testid="device-facts"
        >
          <Grid.Root gap={4}>
            {fact(
              t('meters.col.utility', 'Utility'),
              d.utilityType?.name ?? t('meters.not-tagged', 'Not tagged'),
            )}
            {fact(t('meters.col.device-type', 'Device type'), d.deviceType?.name ?? '—')}
            {fact(t('field.unit', 'Unit'), d.unit ?? '—')}
            {fact(t('meters.registers', 'Registers'), d.registers.join(', ') || '—')}
            {fact(t('meters.multiplier', 'Multiplier'), fmt.number(d.multiplier, 10))}
            {fact(t('meters.rolls-over', 'Rolls over at'), fmt.number(d.rolloverAt, 10))}
            {fact(
              t('channels.col.status', 'Status'),
              d.active ? t('channels.status.active', 'Active') : t('channels.status.inactive', 'Inactive'),
            )}
            {fact(t('ingestion.fact.source', 'Source'), d.source)}
          </Grid.Root>
        </Box>
        <Box padding={4} background="neutral0" hasRadius shadow="tableShadow">
          <Box paddingBottom={4}>
            <Typography variant="beta" tag="h2">
              {t('chart.consumption', 'Consumption')}
            </Typography>
          </Box>
          <ConsumptionControls period={params.period} onPeriod={setPeriod} range={s} onRange={setRange} />
          {d.registers.length > 1 && (
            <Box paddingBottom={4} maxWidth="240px">
              <SingleSelect
                aria-label={t('field.register', 'Register')}
                value={register ?? d.registers[0]}
                onChange={(v: string | number) => setRegister(String(v))}
              >
                {d.registers.map((r) => (
                  <SingleSelectOption key={r} value={r}>
                    {t('meters.register-n', 'Register {register}', { register: r })}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
          )}
          {series.error && <Typography textColor="danger600">{series.error}</Typography>}
          {s && (
            <ConsumptionChart
              testId="device-consumption"
              title={t(
                'meters.chart-title',
                'Register {register}{unit, select, none {} other { ({unit})}} per {period, select, day {day} other {month}}',
                { register: s.register, unit: s.unit ?? 'none', period: s.period },
              )}
              unit={s.unit}
              period={s.period}
              buckets={s.buckets}
            />
          )}
          {s && s.warnings.length > 0 && (
            <Box paddingTop={2}>
              {s.warnings.map((w) => (
                <Typography key={w} tag="p" textColor="warning600">
                  {w}
                </Typography>
              ))}
            </Box>
          )}
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
}
