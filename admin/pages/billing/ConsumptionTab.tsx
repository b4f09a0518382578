import { useT } from '../../utils/useT';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useConsumptionApi } from '../../api/consumption-client';
import type { BillingPoint } from '../../api/billing-client';
import { ConsumptionChart, ConsumptionControls } from '../../components/ConsumptionChart';
import { useConsumptionRange } from '../../hooks/useConsumptionRange';
import { useLoader } from '../../hooks/useLoader';

/**
 * A billing point's consumption per day or month, one chart per utility (units
 * differ between utilities, so they never share an axis). Each sums every meter
 * of that utility while it was installed here, in the building's time zone.
 */
export function ConsumptionTab({ point }: { point: Pick<BillingPoint, 'documentId' | 'code'> }) {
  const api = useConsumptionApi();
  const t = useT();
  const { params, setPeriod, setRange } = useConsumptionRange();
  const series = useLoader(() => api.billingPoint(point.documentId, params), [api, point.documentId, params]);
  const s = series.data;
  return (
    <Box padding={4} background="neutral0" hasRadius shadow="tableShadow">
      <ConsumptionControls
        period={params.period}
        onPeriod={setPeriod}
        range={s?.meta ?? null}
        onRange={setRange}
      />
      {series.error && <Typography textColor="danger600">{series.error}</Typography>}
      {s && s.data.length === 0 && (
        <Typography textColor="neutral600">
          {t('billing.consumption.no-meter', 'No meter has been installed at {code}.', { code: point.code })}
        </Typography>
      )}
      <Flex direction="column" alignItems="stretch" gap={6}>
        {s?.data.map((u) => (
          <Box key={u.utility?.code ?? 'untagged'}>
            <ConsumptionChart
              testId={`point-consumption-${u.utility?.code ?? 'untagged'}`}
              title={t(
                'billing.consumption.chart-title',
                '{utility}{unit, select, none {} other { ({unit})}} per {period, select, day {day} other {month}}',
                {
                  utility: u.utility?.name ?? t('billing.consumption.untagged', 'Untagged meters'),
                  unit: u.unit ?? 'none',
                  period: s.meta.period,
                },
              )}
              unit={u.unit}
              period={s.meta.period}
              buckets={u.buckets}
            />
            <Typography variant="pi" textColor="neutral600">
              {t('billing.consumption.meters', 'Meters: {list}', { list: u.meters.join(', ') })}
            </Typography>
            {u.warnings.map((w) => (
              <Typography key={w} tag="p" variant="pi" textColor="warning600">
                {w}
              </Typography>
            ))}
          </Box>
        ))}
      </Flex>
    </Box>
  );
}
