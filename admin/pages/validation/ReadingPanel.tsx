import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from 'styled-components';
import { toApiFailure } from '../../api/errors';
import { useValidationApi, type FlaggedReading, type ReadingDetail } from '../../api/validation-client';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';

/**
 * One flagged reading in the correction queue: a chart of its register around it (raw
 * value against the value that counts, estimated and edited reads marked), the reads
 * as a table, its audit trail, and the actions on it alone — undo the last one, and
 * fill the gap before it.
 */
export const STATE_LABELS: Record<string, ReturnType<typeof msg>> = {
  valid: msg('validation.state.valid', 'Valid'),
  suspect: msg('validation.state.suspect', 'Suspect'),
  estimated: msg('validation.state.estimated', 'Estimated'),
  edited: msg('validation.state.edited', 'Edited'),
  accepted: msg('validation.state.accepted', 'Accepted'),
  removed: msg('validation.state.removed', 'Removed'),
};
const ACTION_LABELS: Record<string, ReturnType<typeof msg>> = {
  flag: msg('validation.action.flag', 'Flagged by the rules'),
  clear: msg('validation.action.clear', 'No longer flagged'),
  accept: msg('validation.action.accept', 'Accepted'),
  edit: msg('validation.action.edit', 'Edited'),
  estimate: msg('validation.action.estimate', 'Estimated'),
  fill: msg('validation.action.fill', 'Gap filled'),
  undo: msg('validation.action.undo', 'Undone'),
};

type Props = {
  id: number;
  canWrite: boolean;
  methods: readonly (readonly [string, ReturnType<typeof msg>])[];
  ruleLabel: (rule: string | null) => string;
  onChanged: () => void;
};

export function ReadingPanel({ id, canWrite, methods, ruleLabel, onChanged }: Props) {
  const api = useValidationApi();
  const t = useT();
  const fmt = useFormat();
  const theme = useTheme();
  const { toggleNotification } = useNotification();
  const [detail, setDetail] = useState<ReadingDetail | null>(null);
  const [version, setVersion] = useState(0);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<string>(methods[0][0]);

  useEffect(() => {
    let cancelled = false;
    api.reading(id).then(
      (d) => !cancelled && setDetail(d),
      (error: unknown) => toggleNotification({ type: 'danger', message: toApiFailure(error, t).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, version, t, toggleNotification]);

  const points = useMemo(
    () =>
      (detail?.neighbours ?? []).map((r) => ({
        id: r.id,
        label: fmt.dateTime(r.readingAt),
        raw: Number(r.rawValue),
        effective: Number(r.effectiveValue),
        state: r.state,
      })),
    [detail, fmt],
  );
  if (!detail) return null;
  const self = points.find((p) => p.id === detail.id);
  const methodLabel = (m: string) => {
    const known = methods.find(([id]) => id === m);
    return known ? t(known[1]) : m;
  };
  const marked = (state: string) => state === 'estimated' || state === 'edited';
  const stateBadge = (r: FlaggedReading) => (
    <Badge
      backgroundColor={marked(r.state) ? 'warning100' : r.state === 'suspect' ? 'danger100' : 'neutral100'}
      textColor={marked(r.state) ? 'warning700' : r.state === 'suspect' ? 'danger700' : 'neutral700'}
    >
      {STATE_LABELS[r.state] ? t(STATE_LABELS[r.state]) : r.state}
      {r.method ? ` · ${methodLabel(r.method)}` : ''}
    </Badge>
  );
  const canUndo = detail.history.some((e) => ['accept', 'edit', 'estimate', 'fill'].includes(e.action));

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      toggleNotification({ type: 'success', message: done });
      setReason('');
      setVersion((v) => v + 1);
      onChanged();
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    }
  }

  const summary = t(
    'validation.chart.summary',
    'Register {register} of meter {meter}: {count} reads around {at}; raw {raw}, counted {effective}.',
    {
      register: detail.register,
      meter: detail.meterNumber,
      count: points.length,
      at: fmt.dateTime(detail.readingAt),
      raw: fmt.number(detail.rawValue),
      effective: fmt.number(detail.effectiveValue),
    },
  );

  return (
    <Box
      padding={4}
      marginBottom={4}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      data-testid="reading-panel"
      tag="section"
      aria-label={t('validation.panel.title', 'Reading {meter} · {register}', {
        meter: detail.meterNumber,
        register: detail.register,
      })}
    >
      <Flex justifyContent="space-between" alignItems="baseline" paddingBottom={2} wrap="wrap" gap={2}>
        <Typography variant="delta" tag="h2">
          {t('validation.panel.title', 'Reading {meter} · {register}', {
            meter: detail.meterNumber,
            register: detail.register,
          })}
        </Typography>
        <Flex gap={2} alignItems="center">
          <Typography textColor="neutral600">{fmt.dateTime(detail.readingAt)}</Typography>
          {stateBadge(detail)}
          {detail.rule && <Typography textColor="neutral600">{ruleLabel(detail.rule)}</Typography>}
        </Flex>
      </Flex>
      <Typography tag="p" textColor="neutral700">
        {t('validation.panel.values', 'Raw value {raw}; value that counts {effective}.', {
          raw: fmt.number(detail.rawValue),
          effective: fmt.number(detail.effectiveValue),
        })}
        {detail.message ? ` ${detail.message}` : ''}
      </Typography>

      <Box height="240px" paddingTop={3} role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid stroke={theme.colors.neutral150} vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: theme.fontSizes[1] }} minTickGap={24} />
            <YAxis
              tick={{ fontSize: theme.fontSizes[1] }}
              width={64}
              domain={['auto', 'auto']}
              tickFormatter={(v: number) => fmt.number(v)}
            />
            <Tooltip formatter={(v: number) => fmt.number(v)} />
            <Legend />
            <Line
              dataKey="raw"
              name={t('validation.chart.raw', 'Raw value')}
              stroke={theme.colors.neutral500}
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="effective"
              name={t('validation.chart.effective', 'Value that counts')}
              stroke={theme.colors.primary600}
              isAnimationActive={false}
              dot={(props: { cx?: number; cy?: number; index?: number }) => {
                const p = points[props.index ?? 0];
                const special = p && marked(p.state);
                return (
                  <circle
                    key={`dot-${props.index}`}
                    cx={props.cx}
                    cy={props.cy}
                    r={special ? 5 : 2}
                    fill={special ? theme.colors.warning500 : theme.colors.primary600}
                    stroke="none"
                  />
                );
              }}
            />
            {self && (
              <ReferenceDot
                x={self.label}
                y={self.raw}
                r={7}
                fill="none"
                stroke={theme.colors.danger600}
                strokeWidth={2}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </Box>

      {canWrite && (
        <Flex gap={2} wrap="wrap" alignItems="flex-end" paddingTop={3}>
          <TextInput
            aria-label={t('validation.reason', 'Reason')}
            placeholder={t('validation.reason', 'Reason')}
            value={reason}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReason(e.target.value)}
          />
          <Button
            variant="tertiary"
            disabled={!canUndo}
            onClick={() =>
              void run(() => api.undo(detail.id, reason || undefined), t('validation.undone', 'Undone'))
            }
          >
            {t('validation.undo', 'Undo last change')}
          </Button>
          {detail.rule === 'gap' && detail.state === 'suspect' && (
            <>
              <SingleSelect
                aria-label={t('validation.fill-method', 'Method for the missing reads')}
                value={method}
                onChange={(v: string | number) => setMethod(String(v))}
              >
                {methods.map(([m, label]) => (
                  <SingleSelectOption key={m} value={m}>
                    {t(label)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Button
                variant="secondary"
                onClick={() =>
                  void run(
                    () => api.fill(detail.id, method, reason || undefined),
                    t('validation.filled', 'The missing reads were estimated'),
                  )
                }
              >
                {t('validation.fill', 'Fill the gap')}
              </Button>
            </>
          )}
        </Flex>
      )}

      <Box paddingTop={4}>
        <Typography variant="sigma" tag="h3">
          {t('validation.panel.reads', 'Reads around it')}
        </Typography>
        <Table colCount={4} rowCount={points.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('validation.column.at', 'Read at')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('validation.column.raw', 'Raw value')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('validation.chart.effective', 'Value that counts')}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('validation.column.state', 'Quality')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {detail.neighbours.map((r) => (
              <Tr key={r.id} data-testid={`neighbour-${r.id}`} aria-current={r.id === detail.id || undefined}>
                <Td>
                  <Typography fontWeight={r.id === detail.id ? 'bold' : undefined}>
                    {fmt.dateTime(r.readingAt)}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{fmt.number(r.rawValue)}</Typography>
                </Td>
                <Td>
                  <Typography>{fmt.number(r.effectiveValue)}</Typography>
                </Td>
                <Td>{stateBadge(r)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>

      <Box paddingTop={4}>
        <Typography variant="sigma" tag="h3">
          {t('validation.panel.history', 'Changes')}
        </Typography>
        <Table colCount={5} rowCount={detail.history.length + 1}>
          <Thead>
            <Tr>
              {[
                msg('validation.history.at', 'When'),
                msg('validation.history.user', 'Who'),
                msg('validation.history.action', 'What'),
                msg('validation.history.change', 'Before → after'),
                msg('validation.reason', 'Reason'),
              ].map((c) => (
                <Th key={c.id}>
                  <Typography variant="sigma">{t(c)}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {detail.history.map((e) => (
              <Tr key={e.id} data-testid="history-entry">
                <Td>
                  <Typography>{fmt.dateTime(e.at)}</Typography>
                </Td>
                <Td>
                  <Typography>{e.user ?? t('validation.history.rules', 'Rules')}</Typography>
                </Td>
                <Td>
                  <Typography>{ACTION_LABELS[e.action] ? t(ACTION_LABELS[e.action]) : e.action}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {`${STATE_LABELS[e.before.state] ? t(STATE_LABELS[e.before.state]) : e.before.state}${
                      e.before.value ? ` ${fmt.number(e.before.value)}` : ''
                    } → ${STATE_LABELS[e.after.state] ? t(STATE_LABELS[e.after.state]) : e.after.state}${
                      e.after.value ? ` ${fmt.number(e.after.value)}` : ''
                    }`}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{e.reason ?? ''}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
    </Box>
  );
}
