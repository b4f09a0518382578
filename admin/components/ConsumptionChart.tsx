import { useId, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Flex,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { Bucket, Period } from '../api/consumption-client';
import { useFormat } from '../utils/format';
import { useT } from '../utils/useT';

/**
 * A bar chart of consumption per day or month, drawn with recharts in the admin's
 * own colours and type sizes (design-system theme). For people who cannot see the
 * chart: the figure has a caption, the SVG an aria-label with the total and the
 * peak, and "Show as table" lists every bucket with its number.
 * A bucket that includes estimated or edited readings (the VEE step) is drawn hatched,
 * explained by a legend, and its tooltip and table row say how many.
 */
export type ConsumptionChartProps = {
  /** Caption above the chart, e.g. "Water (m³) per day". */
  title: string;
  unit: string | null;
  period: Period;
  buckets: Bucket[];
  testId?: string;
};

export function ConsumptionChart({ title, unit, period, buckets, testId }: ConsumptionChartProps) {
  const theme = useTheme();
  const t = useT();
  const fmt = useFormat();
  const number = (value: number) => fmt.number(value);
  const periodLabel = (p: string, kind: Period, long = false) => fmt.period(p, kind, long);
  const captionId = useId();
  const [asTable, setAsTable] = useState(false);
  const points = useMemo(
    () =>
      buckets.map((b) => ({
        period: b.period,
        label: fmt.period(b.period, period),
        quantity: b.quantity === null ? null : Number(b.quantity),
        reads: b.reads,
        estimated: b.estimated,
        edited: b.edited,
      })),
    [buckets, period, fmt],
  );
  const hatchId = `${useId().replace(/:/g, '')}-corrected`;
  const corrected = points.filter((p) => p.estimated + p.edited > 0).length;
  const correctionNote = (p: { estimated: number; edited: number }) =>
    [
      p.estimated
        ? t(
            'chart.includes-estimated',
            'includes {count, plural, one {# estimated reading} other {# estimated readings}}',
            { count: p.estimated },
          )
        : null,
      p.edited
        ? t(
            'chart.includes-edited',
            'includes {count, plural, one {# edited reading} other {# edited readings}}',
            {
              count: p.edited,
            },
          )
        : null,
    ]
      .filter(Boolean)
      .join(', ');
  const withData = points.filter((p) => p.quantity !== null);
  const total = withData.reduce((sum, p) => sum + (p.quantity ?? 0), 0);
  const peak = withData.reduce<(typeof points)[number] | null>(
    (max, p) => (max === null || (p.quantity ?? 0) > (max.quantity ?? 0) ? p : max),
    null,
  );
  const u = unit ? ` ${unit}` : '';
  const summary = withData.length
    ? t(
        'chart.summary',
        '{title}: {count, number} of {total, plural, one {# {period, select, day {day} other {month}}} other {# {period, select, day {days} other {months}}}} with readings, total {sum}, highest {peak} on {peakDate}.',
        {
          title,
          count: withData.length,
          total: points.length,
          period,
          sum: `${number(total)}${u}`,
          peak: `${number(peak!.quantity!)}${u}`,
          peakDate: periodLabel(peak!.period, period, true),
        },
      )
    : t('chart.summary-empty', '{title}: no readings in this range.', { title });
  const axis = { fontSize: theme.fontSizes[1], fill: theme.colors.neutral600 };

  return (
    <Box
      tag="figure"
      margin={0}
      aria-labelledby={captionId}
      data-testid={testId}
      data-period={period}
      data-bars={withData.length}
      data-corrected-bars={corrected}
    >
      <Flex justifyContent="space-between" alignItems="baseline" paddingBottom={2}>
        <Typography id={captionId} tag="figcaption" variant="delta">
          {title}
        </Typography>
        <TextButton onClick={() => setAsTable((v) => !v)} aria-expanded={asTable}>
          {asTable ? t('chart.show-chart', 'Show as chart') : t('chart.show-table', 'Show as table')}
        </TextButton>
      </Flex>
      {!asTable && (
        <Box height="240px" role="img" aria-label={summary}>
          {withData.length === 0 ? (
            <Flex height="100%" justifyContent="center" alignItems="center" background="neutral100" hasRadius>
              <Typography textColor="neutral600">{t('chart.empty', 'No readings in this range.')}</Typography>
            </Flex>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                <defs>
                  <pattern
                    id={hatchId}
                    width="6"
                    height="6"
                    patternUnits="userSpaceOnUse"
                    patternTransform="rotate(45)"
                  >
                    <rect width="6" height="6" fill={theme.colors.primary200} />
                    <line x1="0" y1="0" x2="0" y2="6" stroke={theme.colors.primary600} strokeWidth="3" />
                  </pattern>
                </defs>
                <CartesianGrid stroke={theme.colors.neutral150} vertical={false} />
                <XAxis
                  dataKey="label"
                  tick={axis}
                  tickLine={false}
                  axisLine={{ stroke: theme.colors.neutral200 }}
                  minTickGap={12}
                />
                <YAxis
                  tick={axis}
                  tickLine={false}
                  axisLine={false}
                  width={56}
                  tickFormatter={(v: number) => number(v)}
                />
                <Tooltip
                  cursor={{ fill: theme.colors.primary100 }}
                  contentStyle={{
                    background: theme.colors.neutral0,
                    border: `1px solid ${theme.colors.neutral150}`,
                    borderRadius: theme.borderRadius,
                    boxShadow: theme.shadows.filterShadow,
                    fontSize: theme.fontSizes[2],
                    color: theme.colors.neutral800,
                  }}
                  labelStyle={{ color: theme.colors.neutral600 }}
                  formatter={(value: number, _name, item: { payload?: (typeof points)[number] }) => {
                    const note = item.payload ? correctionNote(item.payload) : '';
                    return [
                      `${number(value)}${u}${note ? ` (${note})` : ''}`,
                      t('chart.consumption', 'Consumption'),
                    ];
                  }}
                />
                <Bar
                  dataKey="quantity"
                  name={t('chart.consumption', 'Consumption')}
                  fill={theme.colors.primary600}
                  radius={[2, 2, 0, 0]}
                  isAnimationActive={false}
                >
                  {points.map((p) => (
                    <Cell
                      key={p.period}
                      fill={p.estimated + p.edited > 0 ? `url(#${hatchId})` : theme.colors.primary600}
                      stroke={p.estimated + p.edited > 0 ? theme.colors.primary600 : undefined}
                      data-corrected={p.estimated + p.edited > 0 ? 'true' : undefined}
                    />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          )}
        </Box>
      )}
      {!asTable && corrected > 0 && (
        <Flex gap={2} alignItems="center" paddingTop={2} data-testid="chart-corrected-legend">
          <svg width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" fill={`url(#${hatchId})`} stroke={theme.colors.primary600} />
          </svg>
          <Typography variant="pi" textColor="neutral600">
            {t('chart.corrected-legend', 'Includes estimated or edited readings')}
          </Typography>
        </Flex>
      )}
      {asTable ? (
        <Box paddingTop={2}>
          <Table colCount={3} rowCount={points.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {period === 'day' ? t('chart.day', 'Day') : t('chart.month', 'Month')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {unit
                      ? t('chart.consumption-unit', 'Consumption ({unit})', { unit })
                      : t('chart.consumption', 'Consumption')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('chart.readings', 'Readings')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {points.map((p) => (
                <Tr key={p.period}>
                  <Td>
                    <Typography>{periodLabel(p.period, period, true)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{p.quantity === null ? '—' : number(p.quantity)}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor="neutral600">
                      {p.estimated + p.edited > 0 ? `${p.reads} (${correctionNote(p)})` : p.reads}
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      ) : (
        <VisuallyHidden>{summary}</VisuallyHidden>
      )}
    </Box>
  );
}

/** Day / month toggle and stepping back and forth by one span, shared by the device and billing point pages. */
export function ConsumptionControls({
  period,
  onPeriod,
  range,
  onRange,
}: {
  period: Period;
  onPeriod: (p: Period) => void;
  /** The range the server answered (ISO instants), to step from. */
  range: { from: string; to: string; timeZone: string } | null;
  onRange: (r: { from?: string; to?: string }) => void;
}) {
  const t = useT();
  const { locale } = useFormat();
  const fmt = (iso: string, end = false) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: range?.timeZone }).format(
      new Date(Date.parse(iso) - (end ? 1 : 0)),
    );
  return (
    <Flex gap={2} wrap="wrap" alignItems="center" paddingBottom={4}>
      <Flex gap={1} role="group" aria-label={t('chart.per', 'Consumption per')}>
        {(['day', 'month'] as const).map((p) => (
          <Button
            key={p}
            size="S"
            variant={p === period ? 'default' : 'tertiary'}
            aria-pressed={p === period}
            onClick={() => onPeriod(p)}
          >
            {p === 'day' ? t('chart.per-day', 'Per day') : t('chart.per-month', 'Per month')}
          </Button>
        ))}
      </Flex>
      {range && (
        <>
          <Button size="S" variant="tertiary" onClick={() => onRange({ to: range.from })}>
            {t('chart.earlier', 'Earlier')}
          </Button>
          <Typography textColor="neutral600">
            {t('chart.range', '{from} – {to} ({timeZone})', {
              from: fmt(range.from),
              to: fmt(range.to, true),
              timeZone: range.timeZone,
            })}
          </Typography>
          <Button size="S" variant="tertiary" onClick={() => onRange({ from: range.to })}>
            {t('chart.later', 'Later')}
          </Button>
          <Button size="S" variant="tertiary" onClick={() => onRange({})}>
            {t('chart.latest', 'Latest')}
          </Button>
        </>
      )}
    </Flex>
  );
}
