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
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { Bucket, Period } from '../api/consumption-client';

/**
 * A bar chart of consumption per day or month, drawn with recharts in the admin's
 * own colours and type sizes (design-system theme). For people who cannot see the
 * chart: the figure has a caption, the SVG an aria-label with the total and the
 * peak, and "Show as table" lists every bucket with its number.
 */
const LABELS: Record<Period, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short', timeZone: 'UTC' },
  month: { month: 'short', year: 'numeric', timeZone: 'UTC' },
};

/** "2024-01-05" / "2024-01" → a short label; the period names a calendar date, so it is formatted in UTC. */
export function periodLabel(period: string, kind: Period, long = false): string {
  const [y, m, d] = period.split('-').map(Number);
  const options = long
    ? { ...LABELS[kind], year: 'numeric' as const, ...(kind === 'day' ? { weekday: 'short' as const } : {}) }
    : LABELS[kind];
  return new Intl.DateTimeFormat(undefined, options).format(new Date(Date.UTC(y, (m || 1) - 1, d || 1)));
}

const number = (value: number) =>
  new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 }).format(value);

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
  const captionId = useId();
  const [asTable, setAsTable] = useState(false);
  const points = useMemo(
    () =>
      buckets.map((b) => ({
        period: b.period,
        label: periodLabel(b.period, period),
        quantity: b.quantity === null ? null : Number(b.quantity),
        reads: b.reads,
      })),
    [buckets, period],
  );
  const withData = points.filter((p) => p.quantity !== null);
  const total = withData.reduce((sum, p) => sum + (p.quantity ?? 0), 0);
  const peak = withData.reduce<(typeof points)[number] | null>(
    (max, p) => (max === null || (p.quantity ?? 0) > (max.quantity ?? 0) ? p : max),
    null,
  );
  const u = unit ? ` ${unit}` : '';
  const summary = withData.length
    ? `${title}: ${withData.length} of ${points.length} ${period === 'day' ? 'days' : 'months'} with readings, total ${number(total)}${u}, highest ${number(peak!.quantity!)}${u} on ${periodLabel(peak!.period, period, true)}.`
    : `${title}: no readings in this range.`;
  const axis = { fontSize: theme.fontSizes[1], fill: theme.colors.neutral600 };

  return (
    <Box
      tag="figure"
      margin={0}
      aria-labelledby={captionId}
      data-testid={testId}
      data-period={period}
      data-bars={withData.length}
    >
      <Flex justifyContent="space-between" alignItems="baseline" paddingBottom={2}>
        <Typography id={captionId} tag="figcaption" variant="delta">
          {title}
        </Typography>
        <TextButton onClick={() => setAsTable((v) => !v)} aria-expanded={asTable}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </TextButton>
      </Flex>
      {!asTable && (
        <Box height="240px" role="img" aria-label={summary}>
          {withData.length === 0 ? (
            <Flex height="100%" justifyContent="center" alignItems="center" background="neutral100" hasRadius>
              <Typography textColor="neutral600">No readings in this range.</Typography>
            </Flex>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
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
                  formatter={(value: number) => [`${number(value)}${u}`, 'Consumption']}
                />
                <Bar
                  dataKey="quantity"
                  name="Consumption"
                  fill={theme.colors.primary600}
                  radius={[2, 2, 0, 0]}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          )}
        </Box>
      )}
      {asTable ? (
        <Box paddingTop={2}>
          <Table colCount={3} rowCount={points.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{period === 'day' ? 'Day' : 'Month'}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{`Consumption${unit ? ` (${unit})` : ''}`}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Readings</Typography>
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
                    <Typography textColor="neutral600">{p.reads}</Typography>
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
  const fmt = (iso: string, end = false) =>
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: range?.timeZone }).format(
      new Date(Date.parse(iso) - (end ? 1 : 0)),
    );
  return (
    <Flex gap={2} wrap="wrap" alignItems="center" paddingBottom={4}>
      <Flex gap={1} role="group" aria-label="Consumption per">
        {(['day', 'month'] as const).map((p) => (
          <Button
            key={p}
            size="S"
            variant={p === period ? 'default' : 'tertiary'}
            aria-pressed={p === period}
            onClick={() => onPeriod(p)}
          >
            {p === 'day' ? 'Per day' : 'Per month'}
          </Button>
        ))}
      </Flex>
      {range && (
        <>
          <Button size="S" variant="tertiary" onClick={() => onRange({ to: range.from })}>
            Earlier
          </Button>
          <Typography textColor="neutral600">{`${fmt(range.from)} – ${fmt(range.to, true)} (${range.timeZone})`}</Typography>
          <Button size="S" variant="tertiary" onClick={() => onRange({ from: range.to })}>
            Later
          </Button>
          <Button size="S" variant="tertiary" onClick={() => onRange({})}>
            Latest
          </Button>
        </>
      )}
    </Flex>
  );
}
