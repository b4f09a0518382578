import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import {
  useBillingApi,
  type BillingApi,
  type BillingPoint,
  type EffectiveRates,
  type Rate,
} from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { DateField, TextField } from './fields';
import { firstOfNextMonth, formatDate, formatMoney, todayIn } from './format';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';

const SCOPE_LABELS = {
  'billing-point': 'This billing point',
  building: 'Building',
  default: 'Everyone (default)',
} as const;

const priceText = (r: Rate) =>
  r.tiers
    ? r.tiers
        .map(
          (t, i) =>
            `${i === 0 ? '' : 'then '}${t.upTo ? `up to ${t.upTo}` : 'above'}: ${formatMoney(t.unitPrice, r.currency)}`,
        )
        .join(', ')
    : formatMoney(r.unitPrice, r.currency);

/**
 * Rates for this billing point (the guide's "Billing points > Rates"): what
 * applies today for each utility and usage metric — its own rate, else its
 * building's, else the default — and every rate that may apply, with
 * "Change prices": a new rate from a date; the open one closes the day before.
 */
export function RatesTab({ point, canWrite }: { point: BillingPoint; canWrite: boolean }) {
  const api = useBillingApi();
  const today = todayIn(point.building?.timezone ?? 'UTC');
  const effective = useLoader(
    () => api.rates.effectiveAll(point.documentId, today),
    [api, point.documentId, today],
  );
  const all = useLoader(
    () => api.rates.list({ appliesTo: point.documentId, pageSize: 100, sort: 'validFrom:desc' }),
    [api, point.documentId],
  );
  const [changing, setChanging] = useState(false);

  const refresh = async () => {
    await Promise.all([effective.reload(), all.reload()]);
  };

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta">{`Prices applying on ${formatDate(today)}`}</Typography>
        {canWrite && (
          <Button startIcon={<Plus />} onClick={() => setChanging(true)}>
            Change prices
          </Button>
        )}
      </Flex>
      {effective.error && <Typography textColor="danger600">{effective.error}</Typography>}
      {effective.data && (
        <Table colCount={5} rowCount={effective.data.rates.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">Utility / usage</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Unit price</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Fixed fee / month</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">VAT</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">From</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {effective.data.rates.length === 0 && (
              <Tr>
                <Td colSpan={5}>
                  <Typography>No rate applies today.</Typography>
                </Td>
              </Tr>
            )}
            {effective.data.rates.map((e) => (
              <Tr key={e.rate.documentId} data-testid={`effective-${e.target.code}`}>
                <Td>
                  <Typography fontWeight="bold">{e.target.name}</Typography>
                </Td>
                <Td>
                  <Typography>{priceText(e.rate)}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {e.rate.fixedFeePerMonth ? formatMoney(e.rate.fixedFeePerMonth, e.rate.currency) : '—'}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{`${e.rate.vatRate} %`}</Typography>
                </Td>
                <Td>
                  <Typography>{`${SCOPE_LABELS[e.scope]} · ${formatDate(e.rate.validFrom)}${e.rate.validTo ? ` – ${formatDate(e.rate.validTo)}` : ''}`}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      <Box paddingTop={6} paddingBottom={2}>
        <Typography variant="delta">All rates that may apply here</Typography>
      </Box>
      {all.error && <Typography textColor="danger600">{all.error}</Typography>}
      {all.data && (
        <Table colCount={5} rowCount={all.data.data.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">Utility / usage</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Scope</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Valid</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Price</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Fixed fee / VAT</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {all.data.data.map((r) => {
              const valid = r.validFrom <= today && (r.validTo === null || r.validTo >= today);
              return (
                <Tr key={r.documentId} data-testid={`rate-${r.validFrom}-${r.scope}`}>
                  <Td>
                    <Typography fontWeight="bold">{(r.utilityType ?? r.usageMetric)?.name ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Badge>{SCOPE_LABELS[r.scope]}</Badge>
                  </Td>
                  <Td>
                    <Typography
                      textColor={valid ? 'neutral800' : 'neutral500'}
                    >{`${formatDate(r.validFrom)} – ${r.validTo ? formatDate(r.validTo) : 'open'}`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{priceText(r)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{`${r.fixedFeePerMonth ? formatMoney(r.fixedFeePerMonth, r.currency) : '—'} · ${r.vatRate} %`}</Typography>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      {changing && (
        <ChangePrices
          point={point}
          today={today}
          current={effective.data?.rates ?? []}
          onClose={() => setChanging(false)}
          onSaved={async () => {
            setChanging(false);
            await refresh();
          }}
        />
      )}
    </Box>
  );
}

type RateChange = Awaited<ReturnType<BillingApi['rates']['create']>>;

/** What "Change prices" did, as the server answered: from when, and which open rate it closed the day before. */
const changedText = ({ data, meta }: RateChange) =>
  meta.closed[0]
    ? `New prices from ${formatDate(data.validFrom)}; the previous rate now ends on ${formatDate(meta.closed[0].validTo)}`
    : `New prices from ${formatDate(data.validFrom)}`;

function ChangePrices({
  point,
  today,
  current,
  onClose,
  onSaved,
}: {
  point: BillingPoint;
  today: string;
  /** The rates applying today: choosing a target starts from its current prices, VAT and currency. */
  current: EffectiveRates['rates'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useBillingApi();
  const { errors, saving, submit } = useSaveForm<RateChange>(onSaved);
  const targets = useLoader(async () => {
    const [types, metrics] = await Promise.all([
      api.utilityTypes(),
      api.usageMetrics.list({ pageSize: 100 }),
    ]);
    return [
      ...types.filter((t) => t.active).map((t) => ({ value: `utilityType:${t.documentId}`, label: t.name })),
      ...metrics.data.map((m) => ({ value: `usageMetric:${m.documentId}`, label: `${m.name} (usage)` })),
    ];
  }, [api]);
  const [draft, setDraft] = useState({
    target: '',
    scope: 'billing-point' as keyof typeof SCOPE_LABELS,
    validFrom: firstOfNextMonth(today),
    validTo: '',
    unitPrice: '',
    fixedFeePerMonth: '',
    vatRate: '8.1',
    currency: 'CHF',
  });
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  // Water is taxed at 2.6 %, electricity at 8.1 %: a new price starts from the rate it replaces, not a guess.
  const chooseTarget = (target: string) => {
    const [kind, id] = target.split(':');
    const now = current.find(
      (e) =>
        e.target.documentId === id &&
        e.target.kind === (kind === 'usageMetric' ? 'usage-metric' : 'utility-type'),
    )?.rate;
    setDraft((d) => ({
      ...d,
      target,
      ...(now
        ? {
            unitPrice: now.unitPrice ?? '',
            fixedFeePerMonth: now.fixedFeePerMonth ?? '',
            vatRate: now.vatRate,
            currency: now.currency,
          }
        : {}),
    }));
  };

  function save() {
    const [kind, id] = draft.target.split(':');
    const body: Record<string, unknown> = {
      [kind || 'utilityType']: id || null,
      scope: draft.scope,
      ...(draft.scope === 'building' ? { building: point.building?.documentId } : {}),
      ...(draft.scope === 'billing-point' ? { billingPoint: point.documentId } : {}),
      validFrom: draft.validFrom,
      validTo: draft.validTo || null,
      unitPrice: draft.unitPrice,
      fixedFeePerMonth: draft.fixedFeePerMonth || null,
      vatRate: draft.vatRate,
      currency: draft.currency.trim().toUpperCase(),
    };
    return submit(() => api.rates.create(body), changedText);
  }

  return (
    <FormModal
      title="Change prices"
      saveLabel="Save new prices"
      saving={saving}
      saveDisabled={!draft.target}
      onSave={save}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {/* One select for both kinds of target; the server names the field of the kind sent. */}
          <Field.Root name="target" error={errors.utilityType ?? errors.usageMetric} required>
            <Field.Label>Utility or usage</Field.Label>
            <SingleSelect
              value={draft.target}
              onChange={(v: string | number) => chooseTarget(String(v))}
              placeholder="Choose"
            >
              {(targets.data ?? []).map((t) => (
                <SingleSelectOption key={t.value} value={t.value}>
                  {t.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="scope" error={errors.scope} hint="Who the price applies to">
            <Field.Label>Applies to</Field.Label>
            <SingleSelect value={draft.scope} onChange={(v: string | number) => set('scope')(String(v))}>
              <SingleSelectOption value="billing-point">{`This billing point (${point.code})`}</SingleSelectOption>
              {point.building && (
                <SingleSelectOption value="building">{`The building (${point.building.name})`}</SingleSelectOption>
              )}
              <SingleSelectOption value="default">Everyone (default)</SingleSelectOption>
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validFrom"
            label="Valid from"
            value={draft.validFrom}
            onChange={set('validFrom')}
            error={errors.validFrom}
            hint="The open rate before it ends the day before"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <DateField
            name="validTo"
            label="Valid to"
            value={draft.validTo}
            onChange={set('validTo')}
            error={errors.validTo}
            hint="Empty = until the next change"
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="unitPrice"
            label="Unit price"
            value={draft.unitPrice}
            onChange={set('unitPrice')}
            error={errors.unitPrice}
            hint="Exact decimal, e.g. 0.2534"
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="fixedFeePerMonth"
            label="Fixed fee per month"
            value={draft.fixedFeePerMonth}
            onChange={set('fixedFeePerMonth')}
            error={errors.fixedFeePerMonth}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="vatRate"
            label="VAT rate (%)"
            value={draft.vatRate}
            onChange={set('vatRate')}
            error={errors.vatRate}
            required
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="currency"
            label="Currency"
            value={draft.currency}
            onChange={set('currency')}
            error={errors.currency}
            hint="ISO 4217, e.g. CHF"
            required
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
