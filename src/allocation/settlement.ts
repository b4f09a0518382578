import { Dec, ZERO, decimalText } from '../charging/decimal';
import { formatDay } from '../charging/calendar';
import { lineVat, moneyText } from '../charging/money';
import { monthFraction, monthShares } from '../charging/pro-rata';
import { invalid } from '../common/errors';
import { advanceKey, advanceTotals, suggestedMonthlyAdvance } from './advances';
import { parseAllocationInput, type ParsedAllocationInput, type ParsedAllocationPoint } from './input-schema';
import { ALLOCATION_KEYS, KEY_LABELS, isMeasuredKey, type AllocationKey, type MeasuredKey } from './keys';
import { splitByLargestRemainder } from './largest-remainder';
import { measuredKeyValues, type MeasuredKeyNote, type MeasuredValue } from './measured-keys';
import { partyDays, type PartyDays } from './party-days';
import { categoryNotAllocatedNote, type KeyProblem } from './settlement-notes';
import type {
  BillingPointShare,
  CategoryResult,
  SettlementException,
  SettlementResult,
  Statement,
  StatementCategory,
} from './types';

/**
 * The annual settlement of a building's costs (Nebenkostenabrechnung):
 *
 *  1. each category's cost (Σ items, each amount + its VAT) is cut into the
 *     parts of its scheme (30 % area, 70 % heat …) by largest remainder;
 *  2. each part is shared among the billing points in proportion to their
 *     key values, by largest remainder;
 *  3. each billing point's part is shared among the parties answerable for it
 *     by their days in the period (vacancy: the owner), by largest remainder;
 *  4. per party and billing point: cost − advances = balance (positive: to
 *     pay; negative: to refund), per advance group and in total.
 *
 * Every split hands out whole cents that add up exactly to what was split, so
 * the statements add up to the allocated costs to the cent. A category that
 * cannot be shared (a meter figure missing and not estimated, measured keys
 * that total 0) is not allocated at all and is listed as an exception, so no
 * statement carries half a category.
 */
export function settleCosts(raw: unknown): SettlementResult {
  return settleParsed(parseAllocationInput(raw));
}

interface PartyAccount {
  point: ParsedAllocationPoint;
  party: PartyDays | null;
  partyId: string;
  categories: Map<string, StatementCategoryDraft>;
}

interface StatementCategoryDraft {
  amount: Dec;
  parts: { key: AllocationKey; percent: Dec; keyValue: Dec; keyTotal: Dec; pointAmount: Dec; amount: Dec }[];
}

export function settleParsed(input: ParsedAllocationInput): SettlementResult {
  const { currency, periodStartDay, periodEndDay } = input;
  const money = (value: Dec) => moneyText(value, currency);
  const periodDays = periodEndDay - periodStartDay + 1;
  // The canonical order: by code, then id. A tie in a largest-remainder split goes to the earlier
  // point, so the cent goes to DL-03 before DL-04 — a rule a manager can explain, stable from run to run.
  const byCode = (a: ParsedAllocationPoint, b: ParsedAllocationPoint) =>
    compare(a.code, b.code) || compare(a.id, b.id);
  const points = [...input.billingPoints].sort(byCode);
  const daysOf = new Map(points.map((p) => [p.id, partyDays(p, periodStartDay, periodEndDay)]));

  const itemsOf = new Map<string, ParsedAllocationInput['costItems']>();
  for (const item of input.costItems)
    itemsOf.set(item.category, [...(itemsOf.get(item.category) ?? []), item]);
  const categories = input.categories.filter((c) => itemsOf.has(c.code));

  // Measured keys are read once per key any costed category uses.
  const needed = new Set<MeasuredKey>();
  for (const category of categories)
    for (const part of input.schemes.get(category.code)!) if (isMeasuredKey(part.key)) needed.add(part.key);
  const measured = new Map<MeasuredKey, Map<string, MeasuredValue>>();
  const meterNotes: MeasuredKeyNote[] = [];
  for (const key of MEASURED_ORDER.filter((k) => needed.has(k))) {
    const result = measuredKeyValues(
      key,
      points,
      input.measurements,
      periodStartDay,
      periodEndDay,
      input.estimateMissingMeters,
    );
    measured.set(key, result.values);
    meterNotes.push(...result.notes);
  }
  const keyValue = (point: ParsedAllocationPoint, key: AllocationKey): Dec | null =>
    isMeasuredKey(key) ? measured.get(key)!.get(point.id)!.value : point.keys[key];

  const exceptions: SettlementException[] = meterNotes
    .filter((n) => n.code === 'missing-meter')
    .map(({ billingPointId, code, params, message }) => ({
      kind: 'missing-meter' as const,
      billingPointId,
      category: null,
      code,
      params,
      message,
    }));
  const accounts = new Map<string, PartyAccount>();
  const accountOf = (point: ParsedAllocationPoint, partyId: string, party: PartyDays | null) => {
    const id = JSON.stringify([point.id, partyId]);
    let account = accounts.get(id);
    if (!account) {
      account = { point, party, partyId, categories: new Map() };
      accounts.set(id, account);
    }
    return account;
  };
  const pointShares = new Map<string, Map<string, { amount: Dec; parts: Map<AllocationKey, Dec> }>>(
    points.map((p) => [p.id, new Map()]),
  );

  const categoryResults: CategoryResult[] = [];
  let costTotal = ZERO;
  let allocatedTotal = ZERO;
  for (const category of categories) {
    const items = [...itemsOf.get(category.code)!].sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : 1));
    const itemRows = items.map((item) => {
      const vat = item.vatRatePercent ? lineVat(item.amount, item.vatRatePercent, currency) : ZERO;
      return { item, vat, gross: item.amount.add(vat) };
    });
    const total = itemRows.reduce((sum, r) => sum.add(r.gross), ZERO);
    costTotal = costTotal.add(total);
    const scheme = input.schemes.get(category.code)!;

    // Whether every key of the scheme can share: each value present and the total above 0.
    // (An array, not a variable the callback reassigns: TypeScript narrows the latter to null.)
    const problems: KeyProblem[] = [];
    const keyTotals = scheme.map((part) => {
      let sum = ZERO;
      for (const point of points) {
        const value = keyValue(point, part.key);
        if (value === null) {
          problems.push({ reason: 'key-missing', key: part.key, point: point.code });
          continue;
        }
        sum = sum.add(value);
      }
      if (problems.length === 0 && sum.isZero()) {
        if (!isMeasuredKey(part.key))
          throw invalid(
            `Category "${category.code}" is shared by ${KEY_LABELS[part.key]}, but that key sums to 0 over the building's billing points`,
            [{ path: ['schemes', category.code], message: `Key "${part.key}" sums to 0` }],
            'allocation-key-zero',
            { category: category.code, key: part.key },
          );
        problems.push({ reason: 'key-sums-to-zero', key: part.key });
      }
      return sum;
    });
    const blocked = problems.length
      ? categoryNotAllocatedNote(category.code, money(total), currency, problems[0])
      : null;

    const result: CategoryResult = {
      code: category.code,
      name: category.name,
      group: category.group,
      credit: category.credit,
      total: money(total),
      items: itemRows.map(({ item, vat, gross }) => ({
        id: item.id,
        date: formatDay(item.date),
        supplier: item.supplier,
        note: item.note,
        amount: money(item.amount),
        vatRatePercent: item.vatRatePercent ? decimalText(item.vatRatePercent) : null,
        vat: money(vat),
        gross: money(gross),
      })),
      allocated: blocked === null,
      notAllocated: blocked,
      parts: [],
    };
    categoryResults.push(result);
    if (blocked !== null) {
      exceptions.push({
        kind: 'category-not-allocated',
        billingPointId: null,
        category: category.code,
        ...blocked,
      });
      continue;
    }
    allocatedTotal = allocatedTotal.add(total);

    const partAmounts = splitByLargestRemainder(
      total,
      scheme.map((p) => p.percent),
      currency,
    );
    scheme.forEach((part, partIndex) => {
      const partAmount = partAmounts[partIndex];
      result.parts.push({
        key: part.key,
        label: KEY_LABELS[part.key],
        percent: decimalText(part.percent),
        amount: money(partAmount),
        keyTotal: decimalText(keyTotals[partIndex]),
      });
      const values = points.map((p) => keyValue(p, part.key)!);
      const pointAmounts = splitByLargestRemainder(partAmount, values, currency);
      points.forEach((point, pointIndex) => {
        const pointAmount = pointAmounts[pointIndex];
        const share = pointShares.get(point.id)!;
        const row = share.get(category.code) ?? { amount: ZERO, parts: new Map<AllocationKey, Dec>() };
        row.amount = row.amount.add(pointAmount);
        row.parts.set(part.key, pointAmount);
        share.set(category.code, row);

        const parties = daysOf.get(point.id)!;
        const partyAmounts = splitByLargestRemainder(
          pointAmount,
          parties.map((p) => new Dec(p.days)),
          currency,
        );
        parties.forEach((party, i) => {
          const account = accountOf(point, party.partyId, party);
          const draft = account.categories.get(category.code) ?? { amount: ZERO, parts: [] };
          draft.amount = draft.amount.add(partyAmounts[i]);
          draft.parts.push({
            key: part.key,
            percent: part.percent,
            keyValue: values[pointIndex],
            keyTotal: keyTotals[partIndex],
            pointAmount,
            amount: partyAmounts[i],
          });
          account.categories.set(category.code, draft);
        });
      });
    });
  }

  // Parties with advances but no days on the point still get a statement: their advances come back.
  for (const advance of [...input.advances, ...input.payments]) {
    const point = points.find((p) => p.id === advance.billingPointId)!;
    const party = daysOf.get(point.id)!.find((p) => p.partyId === advance.partyId) ?? null;
    accountOf(point, advance.partyId, party);
  }

  const { due, paid } = advanceTotals(input);
  const counted = input.advanceBasis === 'paid' ? paid : due;
  const groups = [...new Set(input.categories.map((c) => c.group))];
  const categoryByCode = new Map(input.categories.map((c) => [c.code, c]));
  const estimatesOf = (pointId: string) =>
    meterNotes
      .filter((n) => n.code === 'estimated-consumption' && n.billingPointId === pointId)
      .map(({ code, params, message }) => ({ code, params, message }));

  const statements: Statement[] = [...accounts.values()]
    .sort(
      (a, b) =>
        byCode(a.point, b.point) ||
        (a.party?.runs[0].fromDay ?? Infinity) - (b.party?.runs[0].fromDay ?? Infinity) ||
        compare(a.partyId, b.partyId),
    )
    .map((account) => {
      const statementCategories: StatementCategory[] = categories
        .filter((c) => account.categories.has(c.code))
        .map((c) => {
          const draft = account.categories.get(c.code)!;
          return {
            code: c.code,
            name: c.name,
            group: c.group,
            amount: money(draft.amount),
            parts: draft.parts.map((p) => ({
              key: p.key,
              label: KEY_LABELS[p.key],
              percent: decimalText(p.percent),
              keyValue: decimalText(p.keyValue),
              keyTotal: decimalText(p.keyTotal),
              billingPointAmount: money(p.pointAmount),
              amount: money(p.amount),
            })),
          };
        });
      let cost = ZERO;
      let advances = ZERO;
      const groupRows = groups
        .map((group) => {
          const groupCost = [...account.categories.entries()]
            .filter(([code]) => categoryByCode.get(code)!.group === group)
            .reduce((sum, [, d]) => sum.add(d.amount), ZERO);
          const key = advanceKey(account.point.id, account.partyId, group);
          const groupAdvances = counted.get(key) ?? ZERO;
          const present =
            account.categories.size > 0 &&
            [...account.categories.keys()].some((code) => categoryByCode.get(code)!.group === group);
          if (!present && !counted.has(key) && !due.has(key) && !paid.has(key)) return null;
          cost = cost.add(groupCost);
          advances = advances.add(groupAdvances);
          return {
            group,
            cost: money(groupCost),
            advancesDue: money(due.get(key) ?? ZERO),
            advancesPaid: money(paid.get(key) ?? ZERO),
            advances: money(groupAdvances),
            balance: money(groupCost.sub(groupAdvances)),
          };
        })
        .filter((row) => row !== null);
      const balance = cost.sub(advances);
      return {
        billingPointId: account.point.id,
        billingPointName: account.point.name,
        partyId: account.partyId,
        role: account.party?.role ?? 'occupant',
        days: account.party?.days ?? 0,
        periods: (account.party?.runs ?? []).map((r) => ({
          from: formatDay(r.fromDay),
          to: formatDay(r.toDay),
        })),
        categories: statementCategories,
        groups: groupRows,
        cost: money(cost),
        advances: money(advances),
        balance: money(balance),
        outcome: balance.isZero() ? 'settled' : balance.isPositive() ? 'to-pay' : 'to-refund',
        estimates: estimatesOf(account.point.id),
      };
    });

  const months = monthFraction(monthShares(periodStartDay, periodEndDay));
  const billingPoints: BillingPointShare[] = points.map((point) => {
    const share = pointShares.get(point.id)!;
    const keys = Object.fromEntries(
      ALLOCATION_KEYS.map((key) => {
        if (isMeasuredKey(key) && !measured.has(key)) return [key, null];
        const value = keyValue(point, key);
        return [key, value === null ? null : decimalText(value)];
      }),
    ) as Record<AllocationKey, string | null>;
    const total = [...share.values()].reduce((sum, row) => sum.add(row.amount), ZERO);
    return {
      billingPointId: point.id,
      name: point.name,
      keys,
      estimates: estimatesOf(point.id),
      categories: categories
        .filter((c) => share.has(c.code))
        .map((c) => ({
          code: c.code,
          amount: money(share.get(c.code)!.amount),
          parts: [...share.get(c.code)!.parts.entries()].map(([key, amount]) => ({
            key,
            amount: money(amount),
          })),
        })),
      total: money(total),
      suggestedAdvances: groups
        .map((group) => {
          const groupCost = [...share.entries()]
            .filter(([code]) => categoryByCode.get(code)!.group === group)
            .reduce((sum, [, row]) => sum.add(row.amount), ZERO);
          return {
            group,
            monthlyAmount: money(suggestedMonthlyAdvance(groupCost, months, input.advanceRoundingStep)),
          };
        })
        .filter((row) => [...share.keys()].some((code) => categoryByCode.get(code)!.group === row.group)),
    };
  });

  const statementTotal = statements.reduce((sum, s) => sum.add(new Dec(s.cost)), ZERO);
  const keyTotals = Object.fromEntries(
    ALLOCATION_KEYS.map((key) => {
      if (isMeasuredKey(key) && !measured.has(key)) return [key, null];
      const values = points.map((p) => keyValue(p, key));
      if (values.some((v) => v === null)) return [key, null];
      return [key, decimalText(values.reduce<Dec>((sum, v) => sum.add(v!), ZERO))];
    }),
  ) as Record<AllocationKey, string | null>;

  return {
    currency,
    periodStart: formatDay(periodStartDay),
    periodEnd: formatDay(periodEndDay),
    days: periodDays,
    advanceBasis: input.advanceBasis,
    categories: categoryResults,
    keyTotals,
    billingPoints,
    statements,
    exceptions,
    estimates: meterNotes.filter((n) => n.code === 'estimated-consumption'),
    totals: {
      cost: money(costTotal),
      allocated: money(allocatedTotal),
      unallocated: money(costTotal.sub(allocatedTotal)),
      statements: money(statementTotal),
      balanced: statementTotal.eq(allocatedTotal),
    },
  };
}

const MEASURED_ORDER: readonly MeasuredKey[] = ['heat', 'hot-water', 'cold-water'];

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
