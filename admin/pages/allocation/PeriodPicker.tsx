import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useQueryParams } from '@strapi/strapi/admin';
import { useAllocationApi } from '../../api/allocation-client';
import { useLoader } from '../../hooks/useLoader';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { DateField, SelectField } from '../billing/fields';

/**
 * Which set of keys or schemes a page shows: the building's default ('') or the
 * set of one settlement period, keyed `yyyy-MM-dd..yyyy-MM-dd` as the run asks
 * for it (src/allocation/period-key.ts). Kept in the URL (`?period=`) beside
 * the building.
 */
export function usePeriodChoice(): [string, (periodKey: string) => void] {
  const [{ query }, setQuery] = useQueryParams<{ period?: string }>();
  const period = typeof query.period === 'string' ? query.period : '';
  return [period, (periodKey: string) => setQuery({ period: periodKey || undefined })];
}

export function PeriodPicker(props: {
  building: string;
  value: string;
  onChange: (periodKey: string) => void;
  /** Period keys the page's rows already use. */
  known: string[];
  /** Copies the default rows into the chosen period; absent without write access. */
  copyDefault?: () => Promise<void>;
}) {
  const api = useAllocationApi();
  const t = useT();
  const fmt = useFormat();
  const runs = useLoader(
    () => api.runs.list({ building: props.building, pageSize: 100 }),
    [api, props.building],
  );
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [copying, setCopying] = useState(false);
  const keys = new Set([
    ...props.known.filter(Boolean),
    ...(runs.data?.data ?? []).map((r) => `${r.periodStart}..${r.periodEnd}`),
    ...(props.value ? [props.value] : []),
  ]);
  const label = (key: string) => {
    const [start, end] = key.split('..');
    return fmt.dateRange(start, end);
  };
  return (
    <Box paddingBottom={4}>
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        <Box minWidth="18rem">
          <SelectField
            name="period"
            label={t('allocation.period-set', 'Valid for')}
            value={props.value || 'default'}
            onChange={(v) => props.onChange(v === 'default' ? '' : v)}
            options={[
              { value: 'default', label: t('allocation.period-set.default', 'Default (every period)') },
              ...[...keys].sort().map((key) => ({ value: key, label: label(key) })),
            ]}
          />
        </Box>
        <DateField
          name="periodFrom"
          label={t('field.valid-from', 'Valid from')}
          value={from}
          onChange={setFrom}
        />
        <DateField name="periodTo" label={t('field.valid-to', 'Valid to')} value={to} onChange={setTo} />
        <Button
          variant="secondary"
          disabled={!from || !to || to < from}
          onClick={() => props.onChange(`${from}..${to}`)}
        >
          {t('allocation.period-set.choose', 'Show this period')}
        </Button>
        {props.value && props.copyDefault && (
          <Button
            variant="secondary"
            loading={copying}
            onClick={() => {
              setCopying(true);
              void props.copyDefault!().finally(() => setCopying(false));
            }}
          >
            {t('allocation.period-set.copy', 'Copy the default to this period')}
          </Button>
        )}
      </Flex>
      {props.value && (
        <Typography tag="p" variant="pi" textColor="neutral600">
          {t(
            'allocation.period-set.hint',
            'A settlement of exactly this period uses these rows; where this period has none, the default applies.',
          )}
        </Typography>
      )}
    </Box>
  );
}
