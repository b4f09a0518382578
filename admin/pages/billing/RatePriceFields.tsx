import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import type { MessageDescriptor } from 'react-intl';
import type { TariffCalendar } from '../../api/billing-client';
import { calendarBands } from '../../api/billing-client';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { DateField, TextField } from './fields';
import { emptyComponent, type ComponentDraft, type PriceMode, type RateDraft } from './rate-draft';

const MODES: Record<PriceMode, MessageDescriptor> = {
  unit: msg('billing.rates.mode.unit', 'One unit price'),
  tiers: msg('billing.rates.mode.tiers', 'Graduated tiers'),
  bands: msg('billing.rates.mode.bands', 'Time-of-use bands (e.g. HT / NT)'),
  components: msg('billing.rates.mode.components', 'Price components (energy, grid usage, levies)'),
};

/** The first server problem at a path or below it ("components.1" finds "components.1.bandPrices.HT"). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const below = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return below ? errors[below] : undefined;
}

type Props = {
  draft: RateDraft;
  onChange: (draft: RateDraft) => void;
  errors: Record<string, string>;
  calendars: TariffCalendar[];
  /** Under "Valid from" (a new rate closes the open one the day before). */
  validFromHint?: string;
};

/**
 * Validity, prices, VAT and currency of a rate — shared by "Change prices"
 * (a new rate) and "Edit" (correcting one). Every input shows the server's
 * problem for its own field, down to one band of one component.
 */
export function RatePriceFields({ draft, onChange, errors, calendars, validFromHint }: Props) {
  const t = useT();
  const fmt = useFormat();
  const set =
    <K extends keyof RateDraft>(key: K) =>
    (value: RateDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const calendar = calendars.find((c) => c.code === draft.tariffCalendar);
  const bands = calendar ? calendarBands(calendar) : [];
  const usesBands = draft.mode === 'bands' || draft.mode === 'components';
  const setComponent = (index: number, patch: Partial<ComponentDraft>) =>
    set('components')(draft.components.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const priceHint = t('billing.rates.unit-price-hint', 'Exact decimal, e.g. {example}', {
    example: fmt.number(0.2534, 4),
  });

  const bandInputs = (
    prefix: string,
    prices: Record<string, string>,
    change: (prices: Record<string, string>) => void,
  ) =>
    bands.length === 0 ? (
      <Typography textColor="neutral600">
        {t('billing.rates.choose-calendar', 'Choose a tariff calendar to price its bands.')}
      </Typography>
    ) : (
      <Grid.Root gap={2}>
        {bands.map((band) => (
          <Grid.Item key={band} col={4} direction="column" alignItems="stretch">
            <TextField
              name={`${prefix}.${band}`}
              label={t('billing.rates.band-price', 'Price {band}', { band })}
              value={prices[band] ?? ''}
              onChange={(value) => change({ ...prices, [band]: value })}
              error={errorAt(errors, `${prefix}.${band}`)}
              required
            />
          </Grid.Item>
        ))}
      </Grid.Root>
    );

  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <DateField
          name="validFrom"
          label={t('field.valid-from', 'Valid from')}
          value={draft.validFrom}
          onChange={set('validFrom')}
          error={errors.validFrom}
          hint={validFromHint}
          required
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <DateField
          name="validTo"
          label={t('field.valid-to', 'Valid to')}
          value={draft.validTo}
          onChange={set('validTo')}
          error={errors.validTo}
          hint={t('billing.rates.valid-to-hint', 'Empty = until the next change')}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        <Field.Root name="mode">
          <Field.Label>{t('billing.rates.mode', 'Energy is priced by')}</Field.Label>
          <SingleSelect
            value={draft.mode}
            onChange={(v: string | number) => set('mode')(String(v) as PriceMode)}
          >
            {Object.entries(MODES).map(([value, label]) => (
              <SingleSelectOption key={value} value={value}>
                {t(label)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        {usesBands || draft.demandPricePerKw || draft.demandBands.length > 0 ? (
          <Field.Root
            name="tariffCalendar"
            error={errors.tariffCalendar}
            hint={t('billing.rates.calendar-hint', 'When each band applies (Billing > Tariff calendars)')}
            required={usesBands}
          >
            <Field.Label>{t('billing.rates.calendar', 'Tariff calendar')}</Field.Label>
            <SingleSelect
              value={draft.tariffCalendar}
              placeholder={t('common.choose', 'Choose…')}
              onChange={(v: string | number) => set('tariffCalendar')(String(v))}
            >
              {calendars.map((c) => (
                <SingleSelectOption key={c.code} value={c.code}>
                  {c.name ? `${c.name} (${c.code})` : c.code}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        ) : null}
      </Grid.Item>

      {draft.mode === 'unit' && (
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="unitPrice"
            label={t('field.unit-price', 'Unit price')}
            value={draft.unitPrice}
            onChange={set('unitPrice')}
            error={errors.unitPrice}
            hint={priceHint}
            required
          />
        </Grid.Item>
      )}

      {draft.mode === 'tiers' && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Typography variant="pi" fontWeight="bold">
            {t('billing.rates.tiers', 'Tiers (the last one has no upper bound)')}
          </Typography>
          {errors.tiers && (
            <Typography variant="pi" textColor="danger600" data-testid="tiers-error">
              {errors.tiers}
            </Typography>
          )}
          {draft.tiers.map((tier, i) => (
            <Flex key={i} gap={2} alignItems="flex-end" paddingTop={2}>
              <TextField
                name={`tiers.${i}.upTo`}
                label={t('billing.rates.tier-up-to', 'Up to')}
                value={tier.upTo}
                placeholder={
                  i === draft.tiers.length - 1 ? t('billing.rates.tier-open', 'no limit') : undefined
                }
                onChange={(upTo) => set('tiers')(draft.tiers.map((x, j) => (j === i ? { ...x, upTo } : x)))}
                error={errorAt(errors, `tiers.${i}.upTo`)}
              />
              <TextField
                name={`tiers.${i}.unitPrice`}
                label={t('field.unit-price', 'Unit price')}
                value={tier.unitPrice}
                onChange={(unitPrice) =>
                  set('tiers')(draft.tiers.map((x, j) => (j === i ? { ...x, unitPrice } : x)))
                }
                error={errorAt(errors, `tiers.${i}.unitPrice`)}
                required
              />
              <IconButton
                label={t('billing.rates.tier-remove', 'Remove tier')}
                disabled={draft.tiers.length <= 1}
                onClick={() => set('tiers')(draft.tiers.filter((_, j) => j !== i))}
              >
                <Trash />
              </IconButton>
            </Flex>
          ))}
          <Box paddingTop={2}>
            <Button
              variant="tertiary"
              startIcon={<Plus />}
              onClick={() => set('tiers')([...draft.tiers, { upTo: '', unitPrice: '' }])}
            >
              {t('billing.rates.tier-add', 'Add tier')}
            </Button>
          </Box>
        </Grid.Item>
      )}

      {draft.mode === 'bands' && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          {errors.bandPrices && !bands.some((band) => errors[`bandPrices.${band}`]) && (
            <Typography variant="pi" textColor="danger600">
              {errors.bandPrices}
            </Typography>
          )}
          {bandInputs('bandPrices', draft.bandPrices, set('bandPrices'))}
        </Grid.Item>
      )}

      {draft.mode === 'components' && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          {errors.components && !Object.keys(errors).some((k) => k.startsWith('components.')) && (
            <Typography variant="pi" textColor="danger600">
              {errors.components}
            </Typography>
          )}
          {draft.components.map((c, i) => (
            <Box
              key={i}
              padding={3}
              marginTop={2}
              hasRadius
              borderColor="neutral200"
              borderStyle="solid"
              borderWidth="1px"
              data-testid={`component-${i}`}
            >
              <Grid.Root gap={2}>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  <TextField
                    name={`components.${i}.name`}
                    label={t('billing.rates.component-name', 'Component')}
                    placeholder={t(
                      'billing.rates.component-example',
                      'e.g. Energy, Grid usage, Federal levy',
                    )}
                    value={c.name}
                    onChange={(name) => setComponent(i, { name })}
                    error={errorAt(errors, `components.${i}.name`)}
                    required
                  />
                </Grid.Item>
                <Grid.Item col={3} direction="column" alignItems="stretch">
                  <TextField
                    name={`components.${i}.vatRate`}
                    label={t('billing.rates.vat-rate', 'VAT rate (%)')}
                    value={c.vatRate}
                    onChange={(vatRate) => setComponent(i, { vatRate })}
                    error={errorAt(errors, `components.${i}.vatRate`)}
                    required
                  />
                </Grid.Item>
                <Grid.Item col={3} direction="column" alignItems="stretch">
                  <TextField
                    name={`components.${i}.fixedFeePerMonth`}
                    label={t('field.fixed-fee', 'Fixed fee per month')}
                    value={c.fixedFeePerMonth}
                    onChange={(fixedFeePerMonth) => setComponent(i, { fixedFeePerMonth })}
                    error={errorAt(errors, `components.${i}.fixedFeePerMonth`)}
                  />
                </Grid.Item>
                <Grid.Item col={2} direction="column" alignItems="stretch">
                  <Box paddingTop={6}>
                    <IconButton
                      label={t('billing.rates.component-remove', 'Remove component')}
                      onClick={() => set('components')(draft.components.filter((_, j) => j !== i))}
                    >
                      <Trash />
                    </IconButton>
                  </Box>
                </Grid.Item>
              </Grid.Root>
              <Box paddingTop={2} paddingBottom={2}>
                <Checkbox
                  checked={c.byBand}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    setComponent(i, { byBand: checked === true })
                  }
                >
                  {t('billing.rates.component-by-band', 'Priced by band')}
                </Checkbox>
              </Box>
              {c.byBand ? (
                bandInputs(`components.${i}.bandPrices`, c.bandPrices, (bandPrices) =>
                  setComponent(i, { bandPrices }),
                )
              ) : (
                <TextField
                  name={`components.${i}.unitPrice`}
                  label={t('field.unit-price', 'Unit price')}
                  value={c.unitPrice}
                  onChange={(unitPrice) => setComponent(i, { unitPrice })}
                  error={errorAt(errors, `components.${i}.unitPrice`)}
                  required
                />
              )}
            </Box>
          ))}
          <Box paddingTop={2}>
            <Button
              variant="tertiary"
              startIcon={<Plus />}
              onClick={() => set('components')([...draft.components, emptyComponent(draft.vatRate)])}
            >
              {t('billing.rates.component-add', 'Add component')}
            </Button>
          </Box>
        </Grid.Item>
      )}

      <Grid.Item col={6} direction="column" alignItems="stretch">
        <TextField
          name="demandPricePerKw"
          label={t('billing.rates.demand-price', 'Demand price per kW (monthly peak)')}
          value={draft.demandPricePerKw}
          onChange={set('demandPricePerKw')}
          error={errors.demandPricePerKw}
          hint={t('billing.rates.demand-hint', 'Needs 15-minute (interval) data; empty = no demand charge')}
        />
      </Grid.Item>
      <Grid.Item col={6} direction="column" alignItems="stretch">
        {draft.demandPricePerKw && bands.length > 0 ? (
          <Field.Root
            name="demandBands"
            error={errors.demandBands}
            hint={t('billing.rates.demand-bands-hint', 'None ticked = every band')}
          >
            <Field.Label>{t('billing.rates.demand-bands', 'Peak counted in')}</Field.Label>
            <Flex gap={3} paddingTop={2}>
              {bands.map((band) => (
                <Checkbox
                  key={band}
                  checked={draft.demandBands.includes(band)}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    set('demandBands')(
                      checked === true
                        ? [...draft.demandBands, band]
                        : draft.demandBands.filter((b) => b !== band),
                    )
                  }
                >
                  {band}
                </Checkbox>
              ))}
            </Flex>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        ) : null}
      </Grid.Item>
      <Grid.Item col={4} direction="column" alignItems="stretch">
        <TextField
          name="fixedFeePerMonth"
          label={t('field.fixed-fee', 'Fixed fee per month')}
          value={draft.fixedFeePerMonth}
          onChange={set('fixedFeePerMonth')}
          error={errors.fixedFeePerMonth}
        />
      </Grid.Item>
      <Grid.Item col={4} direction="column" alignItems="stretch">
        <TextField
          name="vatRate"
          label={t('billing.rates.vat-rate', 'VAT rate (%)')}
          value={draft.vatRate}
          onChange={set('vatRate')}
          error={errors.vatRate}
          hint={
            draft.mode === 'components'
              ? t('billing.rates.vat-demand-hint', 'Applies to the fixed fee and the demand charge')
              : undefined
          }
          required
        />
      </Grid.Item>
      <Grid.Item col={4} direction="column" alignItems="stretch">
        <TextField
          name="currency"
          label={t('field.currency', 'Currency')}
          value={draft.currency}
          onChange={set('currency')}
          error={errors.currency}
          hint={t('billing.rates.currency-hint', 'ISO 4217, e.g. CHF')}
          required
        />
      </Grid.Item>
    </Grid.Root>
  );
}
