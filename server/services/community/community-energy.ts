import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { Dec, decimalText } from '../../../src/charging/decimal';
import { declaredRegisters } from '../../../src/charging/billed-registers';
import {
  consumptionRegisters,
  OWNER,
  parseFiguresQuery,
  splitCommunity,
  SplitAccumulator,
  type BucketOf,
  type CommunityMember,
  type CommunitySetup,
  type CommunitySplit,
  type IntervalReading,
  type MeterSpan,
} from '../../../src/community';
import { TABLES } from '../../database/bulk-tables';
import { documentOrFail, pluginConfig, type Row } from '../billing/billing-support';

type Strapi = Core.Strapi;
type SeriesRef = { meterNumber: string; register: string };
type Installation = { deviceRef: string; billingPointRef: string; fromDate: string; toDate: string | null };
type Device = {
  documentId: string;
  meterNumber: string;
  registers: unknown;
  utilityType?: { documentId: string } | null;
};
type StoredMember = {
  billingPoint: string;
  entryDate: string;
  exitDate: string | null;
  share: string | null;
};

/** Meter numbers refuse control characters, so NUL can join a meter and its register into one key. */
const SEP = '\u0000';
const seriesKey = (s: SeriesRef) => `${s.meterNumber}${SEP}${s.register}`;
const seriesOf = (key: string): SeriesRef => {
  const at = key.indexOf(SEP);
  return { meterNumber: key.slice(0, at), register: key.slice(at + 1) };
};
const IN_LIST = 500;
const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
/** Intervals split per window: one window's readings are in memory at a time (a week of 15-minute data). */
const WINDOW_DAYS = 7;

/** The period as instants: local midnight of `from` to local midnight of `to` (exclusive). */
export interface CommunityPeriod {
  readonly from: number;
  readonly to: number;
}

/**
 * A community's energy over a period, from the interval readings of its
 * production, connection and members' meters (utilities_meter_readings, kind
 * 'interval': the value is the energy of the interval ENDING at reading_at).
 * Members' meters are the meter installations of their billing points, each
 * counted only while installed. The split itself is src/community's.
 */
export default ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;

  async function load(documentId: string) {
    const community = await documentOrFail(strapi, UID.community, documentId, 'Community');
    const buildingRef = community.buildingRef as string | null;
    const building = buildingRef
      ? await strapi.documents(UID.building).findOne({ documentId: buildingRef })
      : null;
    const timeZone = building?.timezone ?? pluginConfig(strapi).defaultTimezone;
    return { community, building, timeZone };
  }

  const midnight = (day: string, zone: string) => DateTime.fromISO(day, { zone }).startOf('day').toMillis();
  const dayAfter = (day: string, zone: string) =>
    DateTime.fromISO(day, { zone }).plus({ days: 1 }).startOf('day').toMillis();

  /** Each member entry with the meter series it counts (per installation) over the period. */
  async function membersOf(community: Row, zone: string, period: CommunityPeriod) {
    const stored = (community.members ?? []) as StoredMember[];
    const pointIds = [...new Set(stored.map((m) => m.billingPoint))];
    const installations = pointIds.length
      ? ((await strapi.db
          .query(UID.meterInstallation)
          .findMany({ where: { billingPointRef: { $in: pointIds } } })) as Installation[])
      : [];
    // With a grid rate, only the meters of its utility are the members' consumption (a flat's
    // water or heat meter is not); without one, every meter of the flat counts.
    const gridType = community.gridRateRef
      ? ((await strapi.db
          .query(UID.rate)
          .findOne({ where: { documentId: String(community.gridRateRef) } })) as Row | null)
      : null;
    const utilityTypeId = gridType?.targetKind === 'utility-type' ? (gridType.targetRef as string) : null;
    const devices = installations.length
      ? (
          (await strapi.db.query(UID.device).findMany({
            where: { documentId: { $in: [...new Set(installations.map((i) => i.deviceRef))] } },
            populate: ['utilityType'],
          })) as Device[]
        ).filter((d) => !utilityTypeId || d.utilityType?.documentId === utilityTypeId)
      : [];
    const byDevice = new Map(devices.map((d) => [d.documentId, d]));
    const storedRegisters = await intervalRegisters(
      devices.map((d) => String(d.meterNumber)),
      period,
    );
    const spansOf = (point: string): MeterSpan[] =>
      installations
        .filter((i) => i.billingPointRef === point && byDevice.has(i.deviceRef))
        .flatMap((i) => {
          const device = byDevice.get(i.deviceRef)!;
          const meterNumber = String(device.meterNumber);
          const registers = consumptionRegisters(
            declaredRegisters(device.registers),
            storedRegisters.get(meterNumber) ?? [],
          );
          const from = midnight(i.fromDate, zone);
          const to = i.toDate ? dayAfter(i.toDate, zone) : null;
          return registers.map((register) => ({ meter: seriesKey({ meterNumber, register }), from, to }));
        })
        .filter((s) => s.from < period.to && (s.to === null || s.to > period.from));
    const members: CommunityMember[] = stored.map((m) => {
      const meterSpans = spansOf(m.billingPoint);
      return {
        id: m.billingPoint,
        meters: [...new Set(meterSpans.map((s) => s.meter))],
        meterSpans,
        from: midnight(m.entryDate, zone),
        to: m.exitDate ? dayAfter(m.exitDate, zone) : null,
        ...(m.share ? { share: new Dec(m.share) } : {}),
      };
    });
    return { stored, members };
  }

  /** Registers each meter has interval readings for in the period. */
  async function intervalRegisters(meterNumbers: string[], period: CommunityPeriod) {
    const found = new Map<string, string[]>();
    for (const part of chunksOf([...new Set(meterNumbers)], IN_LIST)) {
      const rows = (await knex()(TABLES.meterReadings)
        .distinct('meter_number', 'register')
        .whereIn('meter_number', part)
        .andWhere('kind', 'interval')
        .andWhere('reading_at', '>', period.from)
        .andWhere('reading_at', '<=', period.to)) as { meter_number: string; register: string }[];
      for (const r of rows) found.set(r.meter_number, [...(found.get(r.meter_number) ?? []), r.register]);
    }
    return found;
  }

  /** The interval readings of the series over [from, to) of interval starts, by register so the key index is used. */
  async function readings(series: string[], from: number, to: number, intervalMs: number) {
    const out: IntervalReading[] = [];
    const byRegister = new Map<string, string[]>();
    for (const key of series) {
      const s = seriesOf(key);
      byRegister.set(s.register, [...(byRegister.get(s.register) ?? []), s.meterNumber]);
    }
    for (const [register, meters] of byRegister) {
      for (const part of chunksOf(meters, IN_LIST)) {
        const rows = (await knex()(TABLES.meterReadings)
          .select('meter_number', 'reading_at', 'value')
          .where('register', register)
          .whereIn('meter_number', part)
          .andWhere('kind', 'interval')
          .andWhere('reading_at', '>', from)
          .andWhere('reading_at', '<=', to)) as {
          meter_number: string;
          reading_at: string | number;
          value: string;
        }[];
        for (const r of rows)
          out.push({
            meter: seriesKey({ meterNumber: r.meter_number, register }),
            start: Number(r.reading_at) - intervalMs,
            kWh: new Dec(r.value),
          });
      }
    }
    return out;
  }

  /**
   * Splits the community's energy over the period, window by window. `bucketOf`
   * says where a holder's parts of an interval are summed (the charge run passes
   * "party|band"; the figures pass the holder itself); `dayOf` names the figures'
   * rows. This is the function the charge run calls for the solar and grid lines.
   */
  async function split(
    documentId: string,
    period: CommunityPeriod,
    bucketOf: BucketOf,
    dayOf?: (start: number) => string,
  ) {
    const { community, building, timeZone } = await load(documentId);
    const intervalMs = Number(community.intervalMinutes) * 60_000;
    const { stored, members } = await membersOf(community, timeZone, period);
    const production = ((community.productionMeters ?? []) as SeriesRef[]).map(seriesKey);
    const connection = community.connection as { import: SeriesRef[]; export: SeriesRef[] } | null;
    const setupBase = {
      intervalMinutes: Number(community.intervalMinutes),
      productionMeters: production,
      members,
      connection: connection
        ? { importMeters: connection.import.map(seriesKey), exportMeters: connection.export.map(seriesKey) }
        : null,
      method:
        community.allocationMethod === 'fixed-shares' ? ('fixed-shares' as const) : ('proportional' as const),
      common: community.commonConsumption === 'pro-rata' ? ('pro-rata' as const) : ('owner' as const),
    };
    const allSeries = [
      ...new Set([
        ...production,
        ...(setupBase.connection?.importMeters ?? []),
        ...(setupBase.connection?.exportMeters ?? []),
        ...members.flatMap((m) => m.meters),
      ]),
    ];
    const days = dayOf ?? localDay(timeZone);
    const windowMs = Math.max(intervalMs, Math.floor((WINDOW_DAYS * 86_400_000) / intervalMs) * intervalMs);
    const total = new SplitAccumulator();
    for (let from = period.from; from < period.to; from += windowMs) {
      const to = Math.min(period.to, from + windowMs);
      const setup: CommunitySetup = { ...setupBase, period: { from, to } };
      total.add(splitCommunity(setup, await readings(allSeries, from, to, intervalMs), bucketOf, days));
    }
    return { community, building, timeZone, stored, members, result: total.result() };
  }

  /**
   * A member's own solar and grid energy over [from, to) in the residents'
   * consumption buckets (day or month, keyed as /me/consumption keys them), for
   * every community its billing point belongs to in that time. Intervals are
   * those starting in the range, on the community's grid.
   */
  async function memberShares(
    billingPoint: string,
    range: { from: number; to: number },
    keyOf: (intervalEnd: number) => string,
  ) {
    const rows = (await strapi.db.query(UID.community).findMany({ limit: 10_000 })) as Row[];
    const mine = rows.filter((c) =>
      ((c.members ?? []) as StoredMember[]).some((m) => m.billingPoint === billingPoint),
    );
    const shares = [];
    for (const c of mine) {
      const intervalMs = Number(c.intervalMinutes) * 60_000;
      const period = {
        from: Math.floor(range.from / intervalMs) * intervalMs,
        to: Math.ceil(range.to / intervalMs) * intervalMs,
      };
      const { result } = await split(
        String(c.documentId),
        period,
        (holder) => holder,
        (start) => keyOf(start + intervalMs),
      );
      const buckets = [...result.days.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([period, day]) => {
          const own = day.members.get(billingPoint);
          return own ? [{ period, solar: kwh(own.solar), grid: kwh(own.grid) }] : [];
        });
      shares.push({
        community: { code: String(c.code), name: String(c.name), kind: String(c.kind) },
        buckets,
        incomplete: result.intervalsSkipped > 0,
      });
    }
    return shares;
  }

  return {
    split,
    memberShares,

    /** `GET /communities/:id/figures?from&to&granularity`: the community page's figures. */
    async figures(documentId: string, query: Record<string, unknown>) {
      const q = parseFiguresQuery(query);
      const { timeZone } = await load(documentId);
      const period = { from: midnight(q.from, timeZone), to: midnight(q.to, timeZone) };
      const keyOf = q.granularity === 'month' ? localMonth(timeZone) : localDay(timeZone);
      const { community, stored, result } = await split(documentId, period, (holder) => holder, keyOf);
      return { data: figuresDto(community, stored, result, q, timeZone) };
    },
  };
};

/** Local day (yyyy-MM-dd) of an interval start, remembering the current day's bounds (intervals come in order). */
function localDay(zone: string) {
  return cachedKey(
    zone,
    (d) => d.startOf('day'),
    (d) => d.plus({ days: 1 }).startOf('day'),
    (d) => d.toISODate()!,
  );
}
function localMonth(zone: string) {
  return cachedKey(
    zone,
    (d) => d.startOf('month'),
    (d) => d.plus({ months: 1 }).startOf('month'),
    (d) => d.toFormat('yyyy-MM'),
  );
}
function cachedKey(
  zone: string,
  start: (d: DateTime) => DateTime,
  next: (d: DateTime) => DateTime,
  name: (d: DateTime) => string,
) {
  let from = 0;
  let to = -1;
  let key = '';
  return (instant: number) => {
    if (instant < from || instant >= to) {
      const d = DateTime.fromMillis(instant, { zone });
      from = start(d).toMillis();
      to = next(d).toMillis();
      key = name(d);
    }
    return key;
  };
}

const kwh = (v: Dec) => decimalText(v);
const ratio = (v: Dec | null) => (v === null ? null : v.toDecimalPlaces(6).toFixed());

function figuresDto(
  community: Row,
  stored: StoredMember[],
  result: CommunitySplit,
  q: { from: string; to: string; granularity: string },
  timeZone: string,
) {
  const t = result.totals;
  const holderTotals = (id: string) => {
    const buckets = result.holders.get(id);
    const sum = { consumption: new Dec(0), common: new Dec(0), solar: new Dec(0), grid: new Dec(0) };
    for (const p of buckets?.values() ?? []) {
      sum.consumption = sum.consumption.add(p.consumption);
      sum.common = sum.common.add(p.common);
      sum.solar = sum.solar.add(p.solar);
      sum.grid = sum.grid.add(p.grid);
    }
    return {
      consumption: kwh(sum.consumption),
      common: kwh(sum.common),
      solar: kwh(sum.solar),
      grid: kwh(sum.grid),
    };
  };
  const memberIds = [...new Set(stored.map((m) => m.billingPoint))];
  return {
    community: {
      documentId: community.documentId,
      code: community.code as string,
      name: community.name as string,
      kind: community.kind as string,
    },
    period: { from: q.from, to: q.to, granularity: q.granularity, timeZone },
    totals: {
      production: kwh(t.production),
      selfConsumed: kwh(t.selfConsumed),
      exported: kwh(t.exported),
      consumption: kwh(t.consumption),
      common: kwh(t.common),
      measuredExport: t.measuredExport ? kwh(t.measuredExport) : null,
      negativeCommon: { intervals: t.negativeCommon.intervals, kWh: kwh(t.negativeCommon.kWh) },
      selfConsumptionRate: ratio(t.selfConsumptionRate),
      selfSufficiency: ratio(t.selfSufficiency),
    },
    series: [...result.days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, d]) => ({
        period: key,
        production: kwh(d.production),
        selfConsumed: kwh(d.selfConsumed),
        exported: kwh(d.exported),
        consumption: kwh(d.consumption),
        common: kwh(d.common),
        members: Object.fromEntries(
          [...d.members.entries()].map(([id, m]) => [id, { solar: kwh(m.solar), grid: kwh(m.grid) }]),
        ),
      })),
    members: [
      ...memberIds.map((id) => ({
        billingPoint: id,
        entries: stored
          .filter((m) => m.billingPoint === id)
          .map((m) => ({ entryDate: m.entryDate, exitDate: m.exitDate })),
        ...holderTotals(id),
      })),
      ...(result.holders.has(OWNER) ? [{ billingPoint: OWNER, entries: [], ...holderTotals(OWNER) }] : []),
    ],
    exceptions: result.exceptions.map((e) => ({
      problem: e.problem,
      ...(e.member ? { meterNumber: null, register: null } : seriesOf(e.meter)),
      billingPoint: e.member ?? null,
      from: new Date(e.from).toISOString(),
      to: new Date(e.to).toISOString(),
      intervals: e.intervals,
    })),
    intervals: { split: result.intervalsSplit, skipped: result.intervalsSkipped },
  };
}
