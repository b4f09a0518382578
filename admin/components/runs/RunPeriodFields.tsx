import { Button, Flex, Grid, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { DateField } from '../../pages/billing/fields';

export type RunPeriod = { periodStart: string; periodEnd: string };
export type PeriodPreset = 'last-month' | 'last-year';

const dayText = (d: Date) =>
  [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');

/** The calendar month or year before `today`'s, first and last day included. */
export function presetPeriod(preset: PeriodPreset, today = new Date()): RunPeriod {
  const y = today.getFullYear();
  const m = today.getMonth();
  return preset === 'last-month'
    ? { periodStart: dayText(new Date(y, m - 1, 1)), periodEnd: dayText(new Date(y, m, 0)) }
    : { periodStart: `${y - 1}-01-01`, periodEnd: `${y - 1}-12-31` };
}

/**
 * A run's period — first and last day, both included — as the grid items of a run's
 * form, with buttons that fill in the period most runs are for (last month for
 * charges, last year for a settlement of charges).
 */
export function RunPeriodFields(props: {
  value: RunPeriod;
  onChange: (period: RunPeriod) => void;
  errors: Record<string, string>;
  presets: PeriodPreset[];
}) {
  const t = useT();
  const { value, onChange } = props;
  const label: Record<PeriodPreset, string> = {
    'last-month': t('run.preset.last-month', 'Last month'),
    'last-year': t('run.preset.last-year', 'Last year'),
  };
  return (
    <>
      <Grid.Item col={12} direction="column" alignItems="stretch">
        <Flex gap={2} alignItems="center">
          <Typography variant="pi" textColor="neutral600">
            {t('run.preset.label', 'Period:')}
          </Typography>
          {props.presets.map((preset) => (
            <Button key={preset} size="S" variant="secondary" onClick={() => onChange(presetPeriod(preset))}>
              {label[preset]}
            </Button>
          ))}
        </Flex>
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <DateField
          name="periodStart"
          label={t('field.period-start', 'First day')}
          value={value.periodStart}
          onChange={(periodStart) => onChange({ ...value, periodStart })}
          error={props.errors.periodStart}
          required
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <DateField
          name="periodEnd"
          label={t('field.period-end', 'Last day')}
          value={value.periodEnd}
          onChange={(periodEnd) => onChange({ ...value, periodEnd })}
          error={props.errors.periodEnd}
          hint={t('charging.run.included', 'Included')}
          required
        />
      </Grid.Item>
    </>
  );
}
