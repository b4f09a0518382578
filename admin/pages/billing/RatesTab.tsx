import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  IconButton,
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
import { Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { styled } from 'styled-components';
import { FitTable } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import {
  calendarBands,
  useBillingApi,
  type BillingApi,
  type BillingPoint,
  type EffectiveRates,
  type Rate,
} from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { firstOfNextMonth, todayIn, useBillingFormat } from './format';
import { useLoader } from '../../hooks/useLoader';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { msg, useT, type Translate } from '../../utils/useT';
import { draftFromRate, emptyDraft, priceBody, type RateDraft } from './rate-draft';
import { RatePriceFields } from './RatePriceFields';
import { allPages } from '../../api/all-pages';

/** A rate's price and scope are what a person reads it for: they wrap, never cut. */
const WrappingTable = styled(FitTable)`
  td,
  td * {
    white-space: normal;
    overflow-wrap: anywhere;
  }
`;

const SCOPE_LABELS = {
  'billing-point': msg('billing.rates.scope.point', 'This billing point'),
  building: msg('field.building', 'Building'),
  default: msg('billing.rates.scope.default', 'Everyone (default)'),
} as const;

/** A rate's price in words: one unit price, or its tiers ("up to 100: CHF 0.20, then above: CHF 0.18"). */
function usePriceText() {
  const t = useT();
  const fmt = useFormat();
  const bands = (prices: Record<string, string>, currency: string) =>
    Object.entries(prices)
      .map(([band, price]) => `${band} ${fmt.money(price, currency)}`)
      .join(' / ');
  /** Band prices and components ("Energy: HT CHF 0.148 / NT CHF 0.116; Federal levy: CHF 0.023"), and demand. */
  const tariffText = (r: Rate) => {
    const parts = (r.components ?? []).map((c) =>
      t('billing.rates.component', '{name}: {price}', {
        name: c.name,
        price: c.bandPrices ? bands(c.bandPrices, r.currency) : fmt.money(c.unitPrice ?? '0', r.currency),
      }),
    );
    if (!r.components?.length && r.bandPrices) parts.push(bands(r.bandPrices, r.currency));
    if (r.demandPricePerKw)
      parts.push(
        t('billing.rates.demand', 'peak demand {price} per kW', {
          price: fmt.money(r.demandPricePerKw, r.currency),
        }),
      );
    return parts.join('; ');
  };
  return (r: Rate) =>
    r.components?.length || r.bandPrices || r.demandPricePerKw
      ? tariffText(r)
      : r.tiers
        ? r.tiers
            .map((tier, i) =>
              t(
                'billing.rates.tier',
                '{then, select, true {then } other {}}{upTo, select, none {above} other {up to {upTo}}}: {price}',
                {
                  then: i === 0 ? 'false' : 'true',
                  upTo: tier.upTo ? fmt.number(tier.upTo, 10) : 'none',
                  price: fmt.money(tier.unitPrice, r.currency),
                },
              ),
            )
            .join(', ')
        : fmt.money(r.unitPrice ?? '0', r.currency);
}

/**
 * Rates for this billing point (the guide's "Billing points > Rates"): what
 * applies today for each utility and usage metric — its own rate, else its
 * building's, else the default — and every rate that may apply, with
 * "Change prices": a new rate from a date; the open one closes the day before.
 */
export function RatesTab({ point, canWrite }: { point: BillingPoint; canWrite: boolean }) {
  const api = useBillingApi();
  const t = useT();
  const fmt = useFormat();
  const { formatDate, formatMoney } = useBillingFormat();
  const priceText = usePriceText();
  const today = todayIn(point.building?.timezone ?? 'UTC');
  const effective = useLoader(
    () => api.rates.effectiveAll(point.documentId, today),
    [api, point.documentId, today],
  );
  const all = useLoader(
    () =>
      allPages((page) => api.rates.list({ appliesTo: point.documentId, sort: 'validFrom:desc', ...page })),
    [api, point.documentId],
  );
  const [changing, setChanging] = useState(false);
  const [editing, setEditing] = useState<Rate | null>(null);
  const [deleting, setDeleting] = useState<Rate | null>(null);
  const { toggleNotification } = useNotification();
  const targetName = (r: Rate) => (r.utilityType ?? r.usageMetric)?.name ?? '—';

  const refresh = async () => {
    await Promise.all([effective.reload(), all.reload()]);
  };

  // Refused while a run used the rate: the server names the run, and the rate stays.
  async function remove(rate: Rate) {
    try {
      await api.rates.remove(rate.documentId);
      toggleNotification({ type: 'success', message: t('billing.rates.deleted', 'Rate deleted') });
      await refresh();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta">
          {t('billing.rates.applying-on', 'Prices applying on {date}', { date: formatDate(today) })}
        </Typography>
        {canWrite && (
          <Button startIcon={<Plus />} onClick={() => setChanging(true)}>
            {t('billing.rates.change', 'Change prices')}
          </Button>
        )}
      </Flex>
      {effective.error && <Typography textColor="danger600">{effective.error}</Typography>}
      {effective.data && (
        <WrappingTable>
          <Table colCount={5} rowCount={effective.data.rates.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.target', 'Utility / usage')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.unit-price', 'Unit price')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('billing.rates.fixed-fee-month', 'Fixed fee / month')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.vat', 'VAT')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.from', 'From')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {effective.data.rates.length === 0 && (
                <Tr>
                  <Td colSpan={5}>
                    <Typography>{t('billing.rates.none-today', 'No rate applies today.')}</Typography>
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
                    <Typography>
                      {t('billing.rates.percent', '{value} %', { value: fmt.number(e.rate.vatRate, 4) })}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {`${t(SCOPE_LABELS[e.scope])} · ${
                        e.rate.validTo
                          ? t('format.date-range', '{from} – {to}', {
                              from: formatDate(e.rate.validFrom),
                              to: formatDate(e.rate.validTo),
                            })
                          : formatDate(e.rate.validFrom)
                      }`}
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </WrappingTable>
      )}

      <Box paddingTop={6} paddingBottom={2}>
        <Typography variant="delta">{t('billing.rates.all', 'All rates that may apply here')}</Typography>
      </Box>
      {all.error && <Typography textColor="danger600">{all.error}</Typography>}
      {all.data && (
        <WrappingTable>
          <Table colCount={canWrite ? 6 : 5} rowCount={all.data.data.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.target', 'Utility / usage')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.scope', 'Scope')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.badges.valid', 'Valid')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.price', 'Price')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('billing.rates.fee-vat', 'Fixed fee / VAT')}</Typography>
                </Th>
                {canWrite && (
                  <Th>
                    <Typography variant="sigma">{t('list.actions', 'Actions')}</Typography>
                  </Th>
                )}
              </Tr>
            </Thead>
            <Tbody>
              {all.data.data.map((r) => {
                const valid = r.validFrom <= today && (r.validTo === null || r.validTo >= today);
                return (
                  <Tr key={r.documentId} data-testid={`rate-${r.validFrom}-${r.scope}`}>
                    <Td>
                      <Typography fontWeight="bold">
                        {(r.utilityType ?? r.usageMetric)?.name ?? '—'}
                      </Typography>
                    </Td>
                    <Td>
                      <Badge>{t(SCOPE_LABELS[r.scope])}</Badge>
                    </Td>
                    <Td>
                      <Typography textColor={valid ? 'neutral800' : 'neutral500'}>
                        {t('format.date-range', '{from} – {to}', {
                          from: formatDate(r.validFrom),
                          to: r.validTo ? formatDate(r.validTo) : t('members.open-ended', 'open'),
                        })}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{priceText(r)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{`${r.fixedFeePerMonth ? formatMoney(r.fixedFeePerMonth, r.currency) : '—'} · ${t('billing.rates.percent', '{value} %', { value: fmt.number(r.vatRate, 4) })}`}</Typography>
                    </Td>
                    {canWrite && (
                      <Td>
                        <Flex gap={1}>
                          <IconButton
                            label={t('billing.rates.edit', 'Edit rate {name} from {from}', {
                              name: targetName(r),
                              from: formatDate(r.validFrom),
                            })}
                            onClick={() => setEditing(r)}
                          >
                            <Pencil />
                          </IconButton>
                          <IconButton
                            label={t('billing.rates.delete', 'Delete rate {name} from {from}', {
                              name: targetName(r),
                              from: formatDate(r.validFrom),
                            })}
                            onClick={() => setDeleting(r)}
                          >
                            <Trash />
                          </IconButton>
                        </Flex>
                      </Td>
                    )}
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        </WrappingTable>
      )}
      {editing && (
        <EditRate
          rate={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => void remove(deleting)}>
            {t(
              'billing.rates.confirm-delete',
              'Delete the rate for {name} from {from}? A rate a charge run used can’t be deleted: add a new rate instead.',
              { name: targetName(deleting), from: formatDate(deleting.validFrom) },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
      {changing && (
        <ChangePrices
          point={point}
          today={today}
          current={effective.data?.rates ?? []}
          onClose={() => setChanging(false)}
          onSaved={() => {
            setChanging(false);
            void refresh();
          }}
        />
      )}
    </Box>
  );
}

type RateChange = Awaited<ReturnType<BillingApi['rates']['create']>>;

/** What "Change prices" did, as the server answered: from when, and which open rate it closed the day before. */
const changedText =
  (t: Translate, formatDate: (date: string | null | undefined) => string) =>
  ({ data, meta }: RateChange) =>
    meta.closed[0]
      ? t('billing.rates.changed-closed', 'New prices from {from}; the previous rate now ends on {end}', {
          from: formatDate(data.validFrom),
          end: formatDate(meta.closed[0].validTo),
        })
      : t('billing.rates.changed', 'New prices from {from}', { from: formatDate(data.validFrom) });

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
  const t = useT();
  const { formatDate } = useBillingFormat();
  const { errors, saving, submit } = useSaveForm<RateChange>(onSaved);
  const targets = useLoader(async () => {
    const [types, metrics] = await Promise.all([
      api.utilityTypes(),
      allPages((page) => api.usageMetrics.list(page)),
    ]);
    return [
      ...types.filter((u) => u.active).map((u) => ({ value: `utilityType:${u.documentId}`, label: u.name })),
      ...metrics.data.map((m) => ({
        value: `usageMetric:${m.documentId}`,
        label: t('billing.rates.usage-target', '{name} (usage)', { name: m.name }),
      })),
    ];
  }, [api, t]);
  const calendars = useCalendars();
  const [target, setTarget] = useState('');
  const [scope, setScope] = useState<keyof typeof SCOPE_LABELS>('billing-point');
  const [draft, setDraft] = useState<RateDraft>(() => emptyDraft(firstOfNextMonth(today)));
  // Water is taxed at 2.6 %, electricity at 8.1 %: a new price starts from the rate it
  // replaces — its prices, tiers, bands, components, demand, VAT and currency — not a guess.
  const chooseTarget = (value: string) => {
    const [kind, id] = value.split(':');
    const now = current.find(
      (e) =>
        e.target.documentId === id &&
        e.target.kind === (kind === 'usageMetric' ? 'usage-metric' : 'utility-type'),
    )?.rate;
    setTarget(value);
    setDraft((d) =>
      now ? draftFromRate(now, d.validFrom, d.validTo) : { ...emptyDraft(d.validFrom), validTo: d.validTo },
    );
  };

  function save() {
    const [kind, id] = target.split(':');
    const body: Record<string, unknown> = {
      [kind || 'utilityType']: id || null,
      scope,
      ...(scope === 'building' ? { building: point.building?.documentId } : {}),
      ...(scope === 'billing-point' ? { billingPoint: point.documentId } : {}),
      // "3,25" as typed in German, French or Italian is 3.25 for the API.
      ...priceBody(draft, calendars.bandsOf(draft.tariffCalendar), t.locale),
    };
    return submit(() => api.rates.create(body), changedText(t, formatDate));
  }

  return (
    <FormModal
      title={t('billing.rates.change', 'Change prices')}
      saveLabel={t('billing.rates.save', 'Save new prices')}
      saving={saving}
      saveDisabled={!target}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {/* One select for both kinds of target; the server names the field of the kind sent. */}
          <Field.Root name="target" error={errors.utilityType ?? errors.usageMetric} required>
            <Field.Label>{t('billing.rates.target-label', 'Utility or usage')}</Field.Label>
            <SingleSelect
              value={target}
              onChange={(v: string | number) => chooseTarget(String(v))}
              placeholder={t('common.choose', 'Choose…')}
            >
              {(targets.data ?? []).map((o) => (
                <SingleSelectOption key={o.value} value={o.value}>
                  {o.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root
            name="scope"
            error={errors.scope}
            hint={t('billing.rates.scope-hint', 'Who the price applies to')}
          >
            <Field.Label>{t('billing.rates.applies-to', 'Applies to')}</Field.Label>
            <SingleSelect
              value={scope}
              onChange={(v: string | number) => setScope(String(v) as keyof typeof SCOPE_LABELS)}
            >
              <SingleSelectOption value="billing-point">
                {t('billing.rates.scope.point-named', 'This billing point ({code})', { code: point.code })}
              </SingleSelectOption>
              {point.building && (
                <SingleSelectOption value="building">
                  {t('billing.rates.scope.building-named', 'The building ({name})', {
                    name: point.building.name,
                  })}
                </SingleSelectOption>
              )}
              <SingleSelectOption value="default">{t(SCOPE_LABELS.default)}</SingleSelectOption>
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      <Box paddingTop={4}>
        <RatePriceFields
          draft={draft}
          onChange={setDraft}
          errors={errors}
          calendars={calendars.list}
          validFromHint={t('billing.rates.valid-from-hint', 'The open rate before it ends the day before')}
        />
      </Box>
    </FormModal>
  );
}

/** The tariff calendars a rate may price by, and the bands of one of them. */
function useCalendars() {
  const api = useBillingApi();
  const loaded = useLoader(() => allPages((page) => api.tariffCalendars.list(page)), [api]);
  const list = loaded.data?.data ?? [];
  const bandsOf = (code: string) => {
    const calendar = list.find((c) => c.code === code);
    return calendar ? calendarBands(calendar) : [];
  };
  return { list, bandsOf };
}

/**
 * Correcting a rate (a wrong price, a missing tier): allowed while no finalized
 * invoice used it; after that the server answers 409 naming the run, and the
 * way out is a new rate from a date ("Change prices").
 */
function EditRate({ rate, onClose, onSaved }: { rate: Rate; onClose: () => void; onSaved: () => void }) {
  const api = useBillingApi();
  const t = useT();
  const { formatDate } = useBillingFormat();
  const calendars = useCalendars();
  const { errors, saving, submit } = useSaveForm<Rate>(onSaved);
  const [draft, setDraft] = useState<RateDraft>(() => draftFromRate(rate));
  const name = (rate.utilityType ?? rate.usageMetric)?.name ?? '';

  const save = () =>
    submit(
      () =>
        api.rates.update(
          rate.documentId,
          priceBody(draft, calendars.bandsOf(draft.tariffCalendar), t.locale),
        ),
      t('billing.rates.saved', 'Rate saved'),
    );

  return (
    <FormModal
      title={t('billing.rates.edit-title', 'Correct the rate for {name} from {from}', {
        name,
        from: formatDate(rate.validFrom),
      })}
      saveLabel={t('form.save-changes', 'Save changes')}
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Box paddingBottom={4}>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'billing.rates.edit-hint',
            'Corrects this rate where draft runs used it (re-run them to see the new prices). Once a finalized invoice used it, add a new rate with “Change prices” instead.',
          )}
        </Typography>
      </Box>
      <RatePriceFields draft={draft} onChange={setDraft} errors={errors} calendars={calendars.list} />
    </FormModal>
  );
}
