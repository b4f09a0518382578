import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { Dec, ZERO } from '../../../src/charging/decimal';
import { ownerOf } from '../../../src/charging/billed-registers';
import type { RunException } from '../../../src/charging/charge-run';
import { totalsOf } from '../../../src/charging/invoice-builder';
import {
  communityIntervalException,
  communityNoMeterException,
  communityNotBilledException,
} from '../../../src/community/community-exceptions';
import { capRefusal, refuse, type CommunityRefusal } from '../../../src/community/community-refusals';
import { bandOfInstant, calendarRecordOf, parseRateTariff } from '../../../src/charging/tariffs';
import type { TariffCalendar } from '../../../src/charging/tariffs/tariff-calendar';
import type { TariffCalendarRecord as CalendarRecord } from '../../../src/charging/tariffs/calendar-record';
import type { TariffRate } from '../../../src/charging/tariffs/tariff-rate';
import type {
  ChargingInput,
  CommunityLine,
  Invoice,
  PartyRole,
  RateScope,
} from '../../../src/charging/types';
import {
  ALL_BANDS,
  capAtCharging,
  communityLines,
  EXPORT,
  OWNER,
  priceCapMethodOf,
  type CommunityInput,
  type CommunityPricing,
  type IntervalException,
  subtractDays,
  type DayRange,
} from '../../../src/community';
import { getService } from '../../plugin';
import { pluginConfig, type Row } from '../billing/billing-support';

/** The bucket of energy nobody answers for (party ids are documentIds, never this). */
const NOBODY = '?';
type StoredMember = { billingPoint: string; entryDate: string; exitDate: string | null };

/**
 * A LEG's discount applies to the grid-usage component of its grid rate, named as
 * operators name it (en/de/fr/it); a rate without such a component is refused.
 */
const GRID_USAGE =
  /^(grid|grid usage|grid use|network|netz|netznutzung|réseau|utilisation du réseau|rete|utilizzo della rete)$/i;

/** One party's energy in one community, collected by the split's buckets. */
type PartyAcc = {
  role: PartyRole;
  solar: Map<string, Dec>;
  grid: Map<string, Dec>;
  exported: Map<string, Dec>;
  firstDay: string;
  lastDay: string;
};

/** What the run does with one member (or the owner's lines) of one community. */
export interface CommunityCharge {
  /** Parties and their lines; empty when the community's energy is refused. */
  lines: Map<string, CommunityLine[]>;
  exceptions: RunException[];
}

type Prepared =
  | { ok: false; refusals: CommunityRefusal[] }
  | {
      ok: true;
      community: Row;
      pricing: CommunityPricing;
      /** holder (member id, OWNER) → party → energy. */
      parties: Map<string, Map<string, PartyAcc>>;
      exceptions: readonly IntervalException[];
      skipped: number;
      timeZone: string;
    };

const add = (m: Map<string, Dec>, key: string, v: Dec) => {
  if (v.isZero()) return;
  m.set(key, (m.get(key) ?? ZERO).add(v));
};
const daysBetween = (from: string, to: string) =>
  Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days) + 1;

/**
 * The charge run's side of a self-consumption community (docs/charging-rules.md,
 * "Self-consumption communities"): for a billing point that is a member during the
 * run's period, its meters of the community's utility are billed by the community
 * — solar and grid energy per band (community-energy's split, bucketed "party|band")
 * — and not again at the ordinary rate; outside its membership they are billed as
 * before. The owner (or the export recipient) gets the common consumption and the
 * feed-in credit, once per run, with the community's first member charged.
 */
export function communityCharging(strapi: Core.Strapi, periodStart: string, periodEnd: string) {
  const energy = getService(strapi, 'community-energy');
  let communities: Row[] | null = null;
  const prepared = new Map<string, Promise<Prepared>>();

  const active = (m: StoredMember) =>
    m.entryDate <= periodEnd && (m.exitDate === null || m.exitDate >= periodStart);

  async function all(): Promise<Row[]> {
    communities ??= (await strapi.db.query(UID.community).findMany({ limit: 10_000 })) as Row[];
    return communities;
  }

  /**
   * Billing point → the communities it is a member of during the period, with its
   * membership days, in community order. Built once per run: asked for every billing
   * point, a scan of every community's members each time grew with points × members.
   */
  let byPoint: Map<string, { community: Row; days: DayRange[] }[]> | null = null;
  async function membershipsOf(pointId: string) {
    if (!byPoint) {
      const index = new Map<string, { community: Row; days: DayRange[] }[]>();
      for (const community of await all()) {
        const mine = new Map<string, DayRange[]>();
        for (const m of (community.members ?? []) as StoredMember[]) {
          if (!active(m)) continue;
          const days = mine.get(m.billingPoint) ?? [];
          days.push({ from: m.entryDate, to: m.exitDate });
          mine.set(m.billingPoint, days);
        }
        for (const [point, days] of mine) {
          const memberships = index.get(point) ?? [];
          memberships.push({ community, days });
          index.set(point, memberships);
        }
      }
      byPoint = index;
    }
    return byPoint.get(pointId) ?? [];
  }

  async function loadGridRate(c: Row) {
    if (!c.gridRateRef) return { ok: false as const, refusal: refuse.noGridRate() };
    const rate = (await strapi
      .documents(UID.rate)
      .findOne({ documentId: c.gridRateRef as string })) as Row | null;
    if (!rate) return { ok: false as const, refusal: refuse.gridRateMissing(c.gridRateRef as string) };
    if (rate.targetKind !== 'utility-type')
      return { ok: false as const, refusal: refuse.gridRatePricesMetric(rate.documentId) };
    if (rate.validFrom > periodStart || (rate.validTo && rate.validTo < periodEnd))
      return {
        ok: false as const,
        refusal: refuse.gridRateNotWholePeriod(
          String(rate.documentId),
          String(rate.validFrom),
          (rate.validTo as string | null) ?? null,
        ),
      };
    if (Array.isArray(rate.tiers) && rate.tiers.length)
      return { ok: false as const, refusal: refuse.gridRateHasTiers(rate.documentId) };
    const type = (await strapi
      .documents(UID.utilityType)
      .findOne({ documentId: rate.targetRef as string })) as Row | null;
    if (!type) return { ok: false as const, refusal: refuse.gridRateUtilityGone(rate.documentId) };
    let calendarRow: Row | null = null;
    if (rate.tariffCalendar) {
      calendarRow = (
        (await strapi.documents(UID.tariffCalendar).findMany({
          filters: { code: rate.tariffCalendar as string },
          limit: 1,
        })) as Row[]
      )[0];
      if (!calendarRow)
        return {
          ok: false as const,
          refusal: refuse.gridRateCalendarGone(rate.documentId, rate.tariffCalendar as string),
        };
    }
    const unitPrice = new Dec(String(rate.unitPrice ?? '0'));
    const vatRate = new Dec(String(rate.vatRate));
    const parsed = parseRateTariff(
      {
        tariffCalendar: calendarRow
          ? calendarRecordOf({
              code: String(calendarRow.code),
              name: calendarRow.name as string | null,
              windows: calendarRow.windows as CalendarRecord['windows'],
              defaultBand: calendarRow.defaultBand as string | null,
              holidayRegion: calendarRow.holidayRegion as string | null,
              holidayDates: calendarRow.holidayDates as string[] | null,
            })
          : null,
        bandPrices: rate.bandPrices ?? null,
        components: Array.isArray(rate.components) && rate.components.length ? rate.components : null,
        unitPrice,
        vatRate,
      },
      'utility',
      false,
    );
    if (!parsed.ok)
      return {
        ok: false as const,
        refusal: refuse.gridRateInvalid(rate.documentId, parsed.problems.map((p) => p.message).join('; ')),
      };
    const tariff: TariffRate = parsed.tariff?.rate ?? {
      components: [{ name: null, unitPrice, bandPrices: null, vatRate, fixedFeePerMonth: null }],
      demand: null,
      usesBands: false,
    };
    const calendar: TariffCalendar | null = parsed.tariff?.calendar ?? null;
    return {
      ok: true as const,
      rate,
      utilityType: String(type.code),
      utilityTypeId: String(type.documentId),
      tariff,
      calendar,
      vatRate,
    };
  }

  async function prepare(c: Row): Promise<Prepared> {
    const grid = await loadGridRate(c);
    if (!grid.ok) return { ok: false, refusals: [grid.refusal] };
    const solarPrices = new Map(
      ((c.solarPrices ?? []) as { band: string; price: string }[]).map((p) => [p.band, new Dec(p.price)]),
    );
    const standard = (
      (c.standardPrices ?? []) as {
        from: string;
        to: string | null;
        prices: { band: string; price: string }[];
      }[]
    ).map((p) => ({
      from: p.from,
      to: p.to,
      prices: new Map(p.prices.map((x) => [x.band, new Dec(x.price)])),
    }));
    const refusals = capAtCharging(
      solarPrices,
      standard,
      priceCapMethodOf(c.priceCap as CommunityInput['priceCap']),
      periodStart,
      periodEnd,
    );
    if (refusals.length)
      return {
        ok: false,
        refusals: refusals.map((r) =>
          capRefusal(String(c.code), r, r.period?.from ?? periodStart, r.period ? r.period.to : periodEnd),
        ),
      };
    let legDiscount: CommunityPricing['legDiscount'] = null;
    if (c.kind === 'LEG' && c.legDiscountPercent) {
      const component = grid.tariff.components.find((x) => x.name !== null && GRID_USAGE.test(x.name.trim()));
      if (!component?.name)
        return { ok: false, refusals: [refuse.noGridUsageComponent(grid.rate.documentId)] };
      legDiscount = { rate: new Dec(String(c.legDiscountPercent)).div(100), component: component.name };
    }
    const pricing: CommunityPricing = {
      communityId: String(c.documentId),
      community: String(c.code),
      utilityType: grid.utilityType,
      currency: String(grid.rate.currency),
      solarPrices,
      solarVatRate: grid.vatRate,
      grid: {
        rateId: String(grid.rate.documentId),
        rateScope: grid.rate.scope as RateScope,
        tariff: grid.tariff,
      },
      legDiscount,
      feedInCredit: c.feedInCredit ? new Dec(String(c.feedInCredit)) : null,
    };

    // Who answers for each member at each instant: its occupant, else its owner (vacancy).
    const building = c.buildingRef
      ? ((await strapi
          .documents(UID.building)
          .findOne({ documentId: c.buildingRef as string })) as Row | null)
      : null;
    const timeZone = (building?.timezone as string | null) ?? pluginConfig(strapi).defaultTimezone;
    const memberIds = [...new Set(((c.members ?? []) as StoredMember[]).map((m) => m.billingPoint))];
    const points = (await strapi.db
      .query(UID.billingPoint)
      .findMany({ where: { documentId: { $in: memberIds } } })) as Row[];
    const buildingIds = [...new Set(points.map((p) => p.buildingRef as string).filter(Boolean))];
    const buildings = buildingIds.length
      ? ((await strapi.db
          .query(UID.building)
          .findMany({ where: { documentId: { $in: buildingIds } } })) as Row[])
      : [];
    const buildingOwner = new Map(
      buildings.map((b) => [String(b.documentId), (b.ownerRef as string | null) ?? null]),
    );
    const ownerOfPoint = new Map(
      points.map((p) => [
        String(p.documentId),
        ownerOf(p.ownerRef as string | null, buildingOwner.get(String(p.buildingRef))),
      ]),
    );
    const occupancies = (await strapi.db.query(UID.occupancy).findMany({
      where: {
        billingPointRef: { $in: memberIds },
        entryDate: { $lte: periodEnd },
        $or: [{ exitDate: { $null: true } }, { exitDate: { $gte: periodStart } }],
      },
    })) as Row[];
    const recipient =
      (c.exportRecipientRef as string | null) || (building?.ownerRef as string | null) || null;

    const dayOf = localDayKey(timeZone);
    let bandAt = -1;
    let band = ALL_BANDS;
    const partyOf = (holder: string, day: string): { party: string; role: PartyRole } | null => {
      if (holder === OWNER || holder === EXPORT)
        return recipient ? { party: recipient, role: 'owner' } : null;
      const o = occupancies.find(
        (x) =>
          x.billingPointRef === holder && x.entryDate <= day && (x.exitDate === null || x.exitDate >= day),
      );
      if (o) return { party: o.partyRef as string, role: 'occupant' };
      const owner = ownerOfPoint.get(holder);
      return owner ? { party: owner, role: 'owner' } : null;
    };
    const parties = new Map<string, Map<string, PartyAcc>>();
    const bucketOf = (holder: string, start: number) => {
      if (start !== bandAt) {
        bandAt = start;
        band = grid.calendar ? bandOfInstant(grid.calendar, timeZone, start) : ALL_BANDS;
      }
      const day = dayOf(start);
      const who = partyOf(holder, day);
      if (!who) return `${NOBODY}|${band}`;
      const key = holder === EXPORT ? OWNER : holder;
      let byParty = parties.get(key);
      if (!byParty) parties.set(key, (byParty = new Map<string, PartyAcc>()));
      let acc = byParty.get(who.party);
      if (!acc)
        byParty.set(
          who.party,
          (acc = {
            role: who.role,
            solar: new Map(),
            grid: new Map(),
            exported: new Map(),
            firstDay: day,
            lastDay: day,
          }),
        );
      if (day < acc.firstDay) acc.firstDay = day;
      if (day > acc.lastDay) acc.lastDay = day;
      return `${who.party}|${band}`;
    };
    const startMs = DateTime.fromISO(periodStart, { zone: timeZone }).startOf('day').toMillis();
    const endMs = DateTime.fromISO(periodEnd, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
    const { result } = await energy.split(String(c.documentId), { from: startMs, to: endMs }, bucketOf);
    for (const [holder, buckets] of result.holders) {
      const key = holder === EXPORT ? OWNER : holder;
      for (const [bucket, parts] of buckets) {
        const [party, b] = bucket.split('|');
        const acc = parties.get(key)?.get(party);
        if (!acc) continue;
        add(acc.solar, b, parts.solar);
        add(acc.grid, b, parts.grid);
      }
    }
    for (const [bucket, kWh] of result.exports) {
      const [party, b] = bucket.split('|');
      const acc = parties.get(OWNER)?.get(party);
      if (acc) add(acc.exported, b, kWh);
    }
    // Energy nobody answers for (a member without occupant or owner; common consumption or a
    // credited export without an owner or recipient) is never dropped: the community is refused.
    const unowned = [...result.holders]
      .filter(([, buckets]) =>
        [...buckets].some(([b, parts]) => b.startsWith(`${NOBODY}|`) && parts.solar.add(parts.grid).gt(ZERO)),
      )
      .map(([holder]) =>
        holder === OWNER
          ? refuse.nobodyAnswersForCommon()
          : refuse.nobodyAnswersForMember(
              String(points.find((p) => p.documentId === holder)?.code ?? holder),
            ),
      );
    if (
      pricing.feedInCredit &&
      [...result.exports].some(([b, kWh]) => b.startsWith(`${NOBODY}|`) && kWh.gt(ZERO))
    )
      unowned.push(refuse.nobodyAnswersForExport());
    if (unowned.length) return { ok: false, refusals: unowned };
    return {
      ok: true,
      community: c,
      pricing,
      parties,
      exceptions: result.exceptions,
      skipped: result.intervalsSkipped,
      timeZone,
    };
  }

  function preparedOf(c: Row) {
    const id = String(c.documentId);
    let p = prepared.get(id);
    if (!p) prepared.set(id, (p = prepare(c)));
    return p;
  }

  const linesOf = (p: Extract<Prepared, { ok: true }>, holder: string) => {
    const lines = new Map<string, CommunityLine[]>();
    for (const [party, acc] of p.parties.get(holder) ?? []) {
      const result = communityLines(p.pricing, acc, {
        periodStart: acc.firstDay,
        periodEnd: acc.lastDay,
        days: daysBetween(acc.firstDay, acc.lastDay),
        partyRole: acc.role,
      });
      if (!result.ok) return { ok: false as const, problem: result.problem };
      if (result.lines.length) lines.set(party, result.lines);
    }
    return { ok: true as const, lines };
  };

  /**
   * What a billing point's community membership changes in its charging input and
   * invoices: the meters of the community's utility are cut to the days outside the
   * membership (the engine bills those days as before), and the community's lines
   * are added. `withOwner`: this point carries the community's owner lines in this run.
   */
  async function chargeMember(
    pointId: string,
    pointCode: string,
    input: ChargingInput,
    ownerLinesOf: (communityId: string) => boolean,
  ): Promise<{ input: ChargingInput; extra: Map<string, CommunityLine[]>; exceptions: RunException[] }> {
    const memberships = await membershipsOf(pointId);
    const extra = new Map<string, CommunityLine[]>();
    const exceptions: RunException[] = [];
    let next = input;
    for (const { community, days } of memberships) {
      const p = await preparedOf(community);
      const code = String(community.code);
      const refused = (refusal: CommunityRefusal, forOwner = false) =>
        exceptions.push(
          communityNotBilledException(refusal, { id: pointId, code: pointCode }, code, forOwner),
        );
      // The member's meters of the community's utility are the community's on its member days, billed or not.
      const utilityType = p.ok ? p.pricing.utilityType : await utilityOfCommunity(community);
      next = {
        ...next,
        meters: next.meters.flatMap((m) => {
          if (utilityType !== null && m.utilityType !== utilityType) return [m];
          const installations = subtractDays(m.installations, days);
          return installations.length ? [{ ...m, installations }] : [];
        }),
      };
      if (!p.ok) {
        p.refusals.forEach((r) => refused(r));
        continue;
      }
      const own = linesOf(p, pointId);
      if (!own.ok) refused(own.problem);
      else for (const [party, lines] of own.lines) extra.set(party, [...(extra.get(party) ?? []), ...lines]);
      if (ownerLinesOf(String(community.documentId))) {
        const owner = linesOf(p, OWNER);
        if (!owner.ok) refused(owner.problem, true);
        else
          for (const [party, lines] of owner.lines) extra.set(party, [...(extra.get(party) ?? []), ...lines]);
      }
      exceptions.push(...splitExceptions(p, pointId, pointCode));
    }
    return { input: next, extra, exceptions };
  }

  /** The community's interval problems that concern this member: its own no-meter runs, and every meter problem. */
  function splitExceptions(
    p: Extract<Prepared, { ok: true }>,
    pointId: string,
    pointCode: string,
  ): RunException[] {
    const code = String(p.community.code);
    const point = { id: pointId, code: pointCode };
    const out: RunException[] = [];
    for (const e of p.exceptions) {
      if (e.problem === 'no-meter') {
        if (e.member === pointId) out.push(communityNoMeterException(e, point, code, p.timeZone));
        continue;
      }
      out.push(communityIntervalException(e, point, code, p.timeZone));
    }
    return out;
  }

  async function utilityOfCommunity(c: Row): Promise<string | null> {
    const grid = await loadGridRate(c);
    return grid.ok ? grid.utilityType : null;
  }

  /** Whether a billing point is a member of some community during the period. */
  async function isMember(pointId: string) {
    return (await membershipsOf(pointId)).length > 0;
  }

  return { chargeMember, isMember, membershipsOf };
}

/** Adds community lines to a billing point's invoices (one per party and currency), totals recomputed from the lines. */
export function withCommunityLines(
  invoices: Invoice[],
  extra: Map<string, CommunityLine[]>,
  billingPointId: string,
  periodStart: string,
  periodEnd: string,
): Invoice[] {
  const out = invoices.map((i) => ({ ...i, lines: [...i.lines] }));
  for (const [party, lines] of extra) {
    for (const currency of [...new Set(lines.map((l) => l.currency))]) {
      const mine = lines.filter((l) => l.currency === currency);
      let invoice = out.find((i) => i.partyId === party && i.currency === currency);
      if (!invoice) {
        invoice = {
          partyId: party,
          billingPointId,
          currency,
          periodStart,
          periodEnd,
          roles: [],
          lines: [],
          totals: totalsOf([], currency),
        };
        out.push(invoice);
      }
      invoice.lines.push(...mine);
      invoice.roles = [...new Set([...invoice.roles, ...mine.map((l) => l.partyRole)])].sort();
      invoice.totals = totalsOf(invoice.lines, currency);
    }
  }
  return out.sort((a, b) =>
    a.partyId < b.partyId ? -1 : a.partyId > b.partyId ? 1 : a.currency < b.currency ? -1 : 1,
  );
}

function localDayKey(zone: string) {
  let from = 0;
  let to = -1;
  let key = '';
  return (instant: number) => {
    if (instant < from || instant >= to) {
      const d = DateTime.fromMillis(instant, { zone });
      from = d.startOf('day').toMillis();
      to = d.plus({ days: 1 }).startOf('day').toMillis();
      key = d.toISODate()!;
    }
    return key;
  };
}
