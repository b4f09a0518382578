import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { fromJson, type Filters, type PluginUid, type Populate, type Stored } from '../../database/entities';
import {
  Dec,
  normalizeBadgeUid,
  parseCalendarDate,
  startOfDay,
  type ChargingInput,
  type MeterInput,
  type RateInput,
  type ReadingInput,
  type UsageRecordInput,
} from '../../../src/charging';
import {
  billedRegisters,
  needsStoredRegisters,
  noOwnerException,
  ownerOf,
  type RegisterChoiceDevice,
} from '../../../src/charging/billed-registers';
import type { RunException } from '../../../src/charging/charge-run';
import { calendarRecordOf } from '../../../src/charging/tariffs';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import type { BigIntColumn, UsageCounterColumn, UsageRecordRead } from '../../database/rows';
import type { ReadMark } from '../../../src/validation/invoice-quality';
import { suspectReadsException } from '../../../src/validation/charge-run-quality';
import { getService } from '../../plugin';
import { asStoredAll, pluginConfig, type DeviceWithUtility } from '../billing/billing-support';

type Point = Pick<Stored<typeof UID.billingPoint>, 'documentId' | 'code' | 'buildingRef' | 'ownerRef'>;
type Building = { timezone?: string | null; ownerRef?: string | null };

/**
 * What src/charging needs for each billing point of a run, gathered a chunk of
 * billing points at a time (charge-runs.ts charges one chunk before loading the
 * next, so a run's memory is bounded by the chunk, not by the scope): the meters
 * and their installation history, the readings of each register inside the
 * period plus the last one before and the first one after it (interpolation at
 * the boundaries needs them), occupancies, the owner, the rates, usage records
 * (with each device's baseline record for delta metrics) and badges.
 *
 * A chunk costs a fixed number of queries whatever its size: a few per kind of
 * record (and for readings, per distinct register name). The nearest read before
 * (after) the period is looked for within BOUNDARY_WINDOW_MS first, in one grouped
 * query that stays in an index range per meter; the registers without one there
 * are looked up again without a bound (one more grouped query), so the answer is
 * the same as looking without a bound.
 */
export const CHUNK_POINTS = 500;
/** How far before/after the period the batched boundary look-up reaches (then per register, unbounded). */
const BOUNDARY_WINDOW_MS = 100 * 86_400_000;
/** Rows per IN (…) list: below every database's bound-parameter limit, with room for the other conditions. */
const IN_LIST = 1000;

export type { RunException };
/** `flagged`: the point's unresolved suspect reads (billed as they are); `marks`: its estimated / edited reads. */
export type Gathered =
  { input: ChargingInput; flagged?: RunException[]; marks?: ReadMark[] } | { skipped: RunException };
export type Catalog = Awaited<ReturnType<ReturnType<typeof chargeGathering>['loadCatalog']>>;

/** A stored tariff calendar: its code is required and its windows were checked when saved. */
type CalendarRow = Parameters<typeof calendarRecordOf>[0];
type RateWithScope = RateInput & { scopeRef: string };
type PointWindow = { point: Point; owner: string | null; timeZone: string; startMs: number; endMs: number };
type ReadingRow = {
  id: number | string;
  meter_number: string;
  register: string;
  reading_at: number | string;
  value: unknown;
  kind: string;
  /** The VEE step's quality row (server/database/quality-tables.ts), when the reading has one. */
  quality?: ReadingQualityRow;
};
/** A usage record as charging reads it (counters and temperature CAST to text). */
type UsageRow = Pick<UsageRecordRead, 'device_id' | 'e_group' | 'e_id' | 'event_ref' | 'dtu' | 'badge'> &
  Record<UsageCounterColumn | 'temperature', string | null>;
/** The latest instant per (device, eGroup, eId), from a grouped MAX(dtu). */
type UsageEdge = Pick<UsageRecordRead, 'device_id' | 'e_group' | 'e_id'> & { at: BigIntColumn };
type ReadingQualityRow = {
  state: string;
  effective_value: string | null;
  method: string | null;
  rule: string | null;
};

const chunksOf = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
const groupBy = <T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

/** The last element < start, the elements in [start, end], the first > end, of rows sorted by `at`. */
function around<T>(
  sorted: T[],
  at: (row: T) => number,
  startMs: number,
  endMs: number,
  endInclusive: boolean,
): { before: T | null; inside: T[]; after: T | null } {
  let before: T | null = null;
  let after: T | null = null;
  const inside: T[] = [];
  for (const row of sorted) {
    const t = at(row);
    if (t < startMs) before = row;
    else if (endInclusive ? t <= endMs : t < endMs) inside.push(row);
    else if (after === null) after = row;
  }
  return { before, inside, after };
}

export function chargeGathering(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const castText = () => (strapi.db.dialect.client === 'mysql' ? 'CHAR' : 'TEXT');

  /** Shared by every billing point of the run: rates with their target codes (indexed by scope), usage metrics. */
  async function loadCatalog() {
    const [rateRows, metricRows, typeRows, calendarRows] = await Promise.all([
      strapi
        .documents(UID.rate)
        .findMany({ limit: 1_000_000 })
        .then((r) => asStoredAll(UID.rate, r)),
      strapi
        .documents(UID.usageMetric)
        .findMany({ limit: 100_000 })
        .then((r) => asStoredAll(UID.usageMetric, r)),
      strapi
        .documents(UID.utilityType)
        .findMany({ limit: 100_000 })
        .then((r) => asStoredAll(UID.utilityType, r)),
      strapi
        .documents(UID.tariffCalendar)
        .findMany({ limit: 100_000 })
        .then((r) => asStoredAll(UID.tariffCalendar, r)),
    ]);
    // One object per calendar, shared by every billing point's rates: the rules compile it once.
    const calendars = new Map(
      calendarRows.map((c) => [c.code as string, calendarRecordOf(c as CalendarRow)]),
    );
    const typeCode = new Map(typeRows.map((t) => [t.documentId, t.code]));
    const metricCode = new Map(metricRows.map((m) => [m.documentId, m.code]));
    const rates: RateWithScope[] = [];
    for (const r of rateRows) {
      const code = r.targetKind === 'usage-metric' ? metricCode.get(r.targetRef) : typeCode.get(r.targetRef);
      if (!code) continue; // its utility type or metric is gone: nothing can be priced by it
      rates.push({
        id: r.documentId,
        utilityType: r.targetKind === 'utility-type' ? code : null,
        usageMetric: r.targetKind === 'usage-metric' ? code : null,
        scope: r.scope,
        buildingId: r.scope === 'building' ? r.scopeRef : null,
        billingPointId: r.scope === 'billing-point' ? r.scopeRef : null,
        validFrom: r.validFrom,
        validTo: r.validTo ?? null,
        // With tiers the engine takes the prices from them; it still wants a number here.
        unitPrice: r.unitPrice ?? '0',
        tiers: Array.isArray(r.tiers) && r.tiers.length ? fromJson<RateInput['tiers']>(r.tiers) : null,
        fixedFeePerMonth: r.fixedFeePerMonth ?? null,
        vatRate: r.vatRate,
        currency: r.currency,
        // A calendar that is gone leaves band prices without one: the rules refuse the rate and the run
        // lists the billing point as invalid-data (charge-runs.ts), rather than billing by guess.
        tariffCalendar: r.tariffCalendar ? (calendars.get(r.tariffCalendar) ?? null) : null,
        bandPrices: fromJson<RateInput['bandPrices']>(r.bandPrices) ?? null,
        components:
          Array.isArray(r.components) && r.components.length
            ? fromJson<RateInput['components']>(r.components)
            : null,
        demandPricePerKw: r.demandPricePerKw ?? null,
        demandBands:
          Array.isArray(r.demandBands) && r.demandBands.length
            ? fromJson<RateInput['demandBands']>(r.demandBands)
            : null,
        scopeRef: r.scopeRef ?? '',
      });
    }
    const usageMetrics = metricRows.map((m) => ({
      code: m.code,
      eGroup: m.eGroup,
      eId: (m.eId as string | null) || null,
      // The schema's default, for a metric stored before the field existed.
      field: m.field ?? 'intCounter',
      aggregation: m.aggregation,
      unit: m.unit,
    }));
    const strip = ({ scopeRef: _scopeRef, ...rate }: RateWithScope): RateInput => rate;
    const byScopeRef = (scope: string) =>
      groupBy(
        rates.filter((r) => r.scope === scope),
        (r) => r.scopeRef,
      );
    const defaults = rates.filter((r) => r.scope === 'default').map(strip);
    const byBuilding = byScopeRef('building');
    const byPoint = byScopeRef('billing-point');
    /** The rates that can apply at a billing point: default, its building's, its own. */
    const ratesFor = (point: Pick<Point, 'documentId' | 'buildingRef'>): RateInput[] => [
      ...defaults,
      ...(byBuilding.get(point.buildingRef) ?? []).map(strip),
      ...(byPoint.get(point.documentId) ?? []).map(strip),
    ];
    return { ratesFor, usageMetrics };
  }

  /** documents().findMany over a long list of values, IN_LIST at a time. */
  async function findIn<U extends PluginUid>(
    uid: U,
    field: string,
    values: string[],
    extra: Record<string, unknown> = {},
    populate?: Populate<U>,
  ) {
    const rows: Stored<U>[] = [];
    for (const part of chunksOf([...new Set(values)], IN_LIST)) {
      const found = await strapi.documents(uid).findMany({
        // Cast: the field is the caller's, so TypeScript cannot check it against U here.
        filters: { ...extra, [field]: { $in: part } } as Filters<U>,
        ...(populate ? { populate } : {}),
        limit: 1_000_000,
      });
      // Cast: Strapi's result type for a generic uid does not resolve (see loadDocuments).
      rows.push(...(found as unknown as Stored<U>[]));
    }
    return rows;
  }

  /** Registers each meter has readings for (only asked for meters that need it). */
  async function storedRegisters(meterNumbers: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const part of chunksOf(meterNumbers, IN_LIST)) {
      const rows = (await knex()(TABLES.meterReadings)
        .distinct('meter_number', 'register')
        .whereIn('meter_number', part)) as { meter_number: string; register: string }[];
      for (const r of rows) found.set(r.meter_number, [...(found.get(r.meter_number) ?? []), r.register]);
    }
    for (const list of found.values()) list.sort();
    return found;
  }

  /**
   * Readings of (meter, register) pairs over [fromMs, toMs], plus for each pair the last
   * read before fromMs and the first after toMs. Grouped by register name so every query
   * uses the unique index (meter_number, register, reading_at) from its first column on.
   */
  async function readingsAround(
    pairs: { meterNumber: string; register: string }[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, ReadingRow[]>> {
    const columns = ['id', 'meter_number', 'register', 'reading_at', 'value', 'kind'];
    const table = () => knex()(TABLES.meterReadings);
    const byPair = new Map<string, ReadingRow[]>();
    const add = (rows: ReadingRow[]) => {
      for (const r of rows) {
        const key = pairKey(r.meter_number, r.register);
        const list = byPair.get(key);
        if (list) list.push(r);
        else byPair.set(key, [r]);
      }
    };
    /** The row at MAX/MIN(reading_at) per meter within [lowMs, highMs] (null: unbounded), joined back to get its value. */
    const nearest = async (
      register: string,
      meters: string[],
      pick: 'max' | 'min',
      lowMs: number | null,
      highMs: number | null,
    ) => {
      if (meters.length === 0) return [];
      const edge = knex()(TABLES.meterReadings)
        .select('meter_number')
        [pick]('reading_at as at')
        .where('register', register)
        .whereIn('meter_number', meters);
      if (lowMs !== null) edge.andWhere('reading_at', '>=', lowMs);
      if (highMs !== null) edge.andWhere('reading_at', '<=', highMs);
      const edges = await edge.groupBy<{ meter_number: string; at: number | string }[]>('meter_number');
      if (edges.length === 0) return [];
      // Then the rows at those instants, by index (a JOIN back can make SQLite scan the whole
      // table once per query). Reads share instants (midnight), so the IN list stays short.
      const wanted = new Set(edges.map((e) => pairKey(e.meter_number, String(Number(e.at)))));
      const ats = [...new Set(edges.map((e) => Number(e.at)))];
      const rows: ReadingRow[] = [];
      for (const part of chunksOf(ats, IN_LIST)) {
        const found: ReadingRow[] = await table()
          .select<ReadingRow[]>(columns)
          .where('register', register)
          .whereIn('meter_number', [...new Set(edges.map((e) => e.meter_number))])
          .whereIn('reading_at', part);
        rows.push(...found.filter((r) => wanted.has(pairKey(r.meter_number, String(Number(r.reading_at))))));
      }
      return rows;
    };
    const without = (meters: string[], found: ReadingRow[]) => {
      const has = new Set(found.map((r) => r.meter_number));
      return meters.filter((m) => !has.has(m));
    };
    for (const [register, group] of groupBy(pairs, (p) => p.register)) {
      const meters = [...new Set(group.map((p) => p.meterNumber))];
      for (const part of chunksOf(meters, IN_LIST)) {
        add(
          await table()
            .select<ReadingRow[]>(columns)
            .where('register', register)
            .whereIn('meter_number', part)
            .andWhere('reading_at', '>=', fromMs)
            .andWhere('reading_at', '<=', toMs),
        );
        // Near the period first (an index range per meter); then, only for the meters that had
        // nothing there (new or rarely read ones, or no read after the period yet), unbounded.
        const before = await nearest(register, part, 'max', fromMs - BOUNDARY_WINDOW_MS, fromMs - 1);
        const after = await nearest(register, part, 'min', toMs + 1, toMs + BOUNDARY_WINDOW_MS);
        add(before);
        add(after);
        add(await nearest(register, without(part, before), 'max', null, fromMs - BOUNDARY_WINDOW_MS - 1));
        add(await nearest(register, without(part, after), 'min', toMs + BOUNDARY_WINDOW_MS + 1, null));
      }
    }
    for (const list of byPair.values()) list.sort((a, b) => Number(a.reading_at) - Number(b.reading_at));
    // Quality of the reads (flagged, accepted, edited, estimated): only those with a row.
    const byId = new Map<number, ReadingRow>();
    for (const list of byPair.values()) for (const r of list) byId.set(Number(r.id), r);
    for (const part of chunksOf([...byId.keys()], IN_LIST)) {
      const rows = await knex()(QUALITY_TABLES.readingQuality)
        .whereIn('reading_id', part)
        .select<(ReadingQualityRow & { reading_id: number | string })[]>(
          'reading_id',
          'state',
          'effective_value',
          'method',
          'rule',
        );
      for (const q of rows) byId.get(Number(q.reading_id))!.quality = q;
    }
    return byPair;
  }

  /**
   * Usage records of the devices over [fromMs, toMs), and for each (device, eGroup, eId)
   * seen there the previous record before fromMs: delta metrics count growth from it.
   */
  async function usageRecordsAround(
    deviceIds: string[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, UsageRow[]>> {
    const byDevice = new Map<string, UsageRow[]>();
    if (deviceIds.length === 0) return byDevice;
    const cast = castText();
    const counters = [
      'int_counter',
      'int_counter2',
      'int_counter3',
      'int_counter4',
      'int_counter5',
      'temperature',
    ];
    const columns = (prefix = '') => [
      ...['device_id', 'e_group', 'e_id', 'event_ref', 'dtu', 'badge'].map((c) => `${prefix}${c}`),
      ...counters.map((c) => knex().raw(`CAST(?? AS ${cast}) AS ??`, [`${prefix}${c}`, c])),
    ];
    const table = () => knex()(TABLES.usageRecords);
    const add = (rows: UsageRow[]) => {
      for (const r of rows) {
        const list = byDevice.get(r.device_id);
        if (list) list.push(r);
        else byDevice.set(r.device_id, [r]);
      }
    };
    for (const part of chunksOf(deviceIds, IN_LIST)) {
      const inPeriod = await table()
        .select<UsageRow[]>(columns())
        .whereIn('device_id', part)
        .andWhere('dtu', '>=', fromMs)
        .andWhere('dtu', '<', toMs);
      add(inPeriod);
      const groups = new Map<string, UsageRow>();
      for (const r of inPeriod) groups.set(JSON.stringify([r.device_id, r.e_group, r.e_id]), r);
      if (groups.size === 0) continue;
      /** Per (device, eGroup, eId): the record at MAX(dtu) within [lowMs, highMs) (null: unbounded), joined back. */
      const lastBefore = async (devices: string[], lowMs: number | null, highMs: number) => {
        if (devices.length === 0) return [] as UsageRow[];
        const edge = knex()(TABLES.usageRecords)
          .select('device_id', 'e_group', 'e_id')
          .max('dtu as at')
          .whereIn('device_id', devices)
          .andWhere('dtu', '<', highMs);
        if (lowMs !== null) edge.andWhere('dtu', '>=', lowMs);
        const edges = await edge.groupBy<UsageEdge[]>('device_id', 'e_group', 'e_id');
        // Then the records at those instants, by the (device_id, dtu) index, as for readings.
        const wanted = new Set(
          edges.map((e) => JSON.stringify([e.device_id, e.e_group, e.e_id, Number(e.at)])),
        );
        const rows: UsageRow[] = [];
        for (const part of chunksOf([...new Set(edges.map((e) => Number(e.at)))], IN_LIST)) {
          const found = await table()
            .select<UsageRow[]>(columns())
            .whereIn('device_id', [...new Set(edges.map((e) => e.device_id))])
            .whereIn('dtu', part);
          rows.push(
            ...found.filter((r) =>
              wanted.has(JSON.stringify([r.device_id, r.e_group, r.e_id, Number(r.dtu)])),
            ),
          );
        }
        return rows;
      };
      const seen = new Set<string>();
      const keep = (baselines: UsageRow[]) => {
        for (const b of baselines) {
          const key = JSON.stringify([b.device_id, b.e_group, b.e_id]);
          // Two records at the same instant: keep one, as ORDER BY … LIMIT 1 would.
          if (!groups.has(key) || seen.has(key)) continue;
          seen.add(key);
          add([b]);
        }
      };
      keep(
        await lastBefore(
          [...new Set([...groups.values()].map((g) => g.device_id))],
          fromMs - BOUNDARY_WINDOW_MS,
          fromMs,
        ),
      );
      const missing = [...groups.entries()].filter(([key]) => !seen.has(key)).map(([, g]) => g.device_id);
      keep(await lastBefore([...new Set(missing)], null, fromMs - BOUNDARY_WINDOW_MS));
    }
    return byDevice;
  }

  /**
   * The one place a stored reading becomes charging input. Its value is the effective value:
   * an edited or estimated reading counts with its replacement (the raw one is kept).
   */
  const toReading = (r: ReadingRow): ReadingInput => ({
    meterNumber: r.meter_number,
    register: r.register,
    readingAt: Number(r.reading_at),
    value: String(r.quality?.effective_value ?? r.value),
    kind: r.kind === 'interval' ? 'interval' : 'cumulative',
  });
  const decimalText = (v: string | null): string | null => v ?? null;
  const toUsageRecord = (r: UsageRow): UsageRecordInput => ({
    eGroup: r.e_group,
    eId: r.e_id,
    deviceId: r.device_id,
    eventRef: r.event_ref ?? null,
    dtu: Number(r.dtu),
    intCounter: decimalText(r.int_counter),
    intCounter2: decimalText(r.int_counter2),
    intCounter3: decimalText(r.int_counter3),
    intCounter4: decimalText(r.int_counter4),
    intCounter5: decimalText(r.int_counter5),
    temperature: r.temperature === null ? null : new Dec(r.temperature).toFixed(),
    badge: r.badge ?? null,
  });

  /** The engine's input for each billing point of the chunk (or why it is skipped), in the chunk's order. */
  async function gatherChunk(
    points: Point[],
    buildings: Map<string, Building>,
    periodStart: string,
    periodEnd: string,
    catalog: Catalog,
  ): Promise<Map<string, Gathered>> {
    const suspectPolicy =
      (await getService(strapi, 'validation-settings').get()).suspectInChargeRun ?? 'bill-and-flag';
    const startDay = parseCalendarDate(periodStart)!;
    const endDay = parseCalendarDate(periodEnd)!;
    const windows: PointWindow[] = points.map((point) => {
      const building = buildings.get(point.buildingRef);
      const timeZone: string = building?.timezone ?? pluginConfig(strapi).defaultTimezone;
      return {
        point,
        owner: ownerOf(point.ownerRef, building?.ownerRef),
        timeZone,
        startMs: startOfDay(timeZone, startDay),
        endMs: startOfDay(timeZone, endDay + 1),
      };
    });
    const result = new Map<string, Gathered>();
    const owned = windows.filter((w) => {
      if (w.owner) return true;
      result.set(w.point.documentId, {
        skipped: noOwnerException({ documentId: w.point.documentId, code: w.point.code }),
      });
      return false;
    });
    if (owned.length === 0) return result;
    const pointIds = owned.map((w) => w.point.documentId);
    // The chunk's widest span: zones differ between buildings, each point is cut to its own below.
    const fromMs = Math.min(...owned.map((w) => w.startMs));
    const toMs = Math.max(...owned.map((w) => w.endMs));

    const installations = groupBy(
      await findIn(UID.meterInstallation, 'billingPointRef', pointIds),
      (i) => i.billingPointRef,
    );
    const deviceRefsOf = new Map<string, string[]>();
    for (const w of owned) {
      const overlapping = (installations.get(w.point.documentId) ?? []).filter(
        (i) => i.fromDate <= periodEnd && (!i.toDate || i.toDate >= periodStart),
      );
      deviceRefsOf.set(w.point.documentId, [...new Set(overlapping.map((i) => i.deviceRef))]);
    }
    const devices = new Map<string, DeviceWithUtility>(
      (await findIn(UID.device, 'documentId', [...deviceRefsOf.values()].flat(), {}, ['utilityType'])).map(
        (d) => [d.documentId, d],
      ),
    );

    // Which registers each meter bills (src/charging/billed-registers.ts).
    const choiceOf = (d: DeviceWithUtility): RegisterChoiceDevice => ({
      registers: d.registers,
      hasUtilityType: !!d.utilityType,
    });
    const needStored = [...devices.values()]
      .filter((d) => needsStoredRegisters(choiceOf(d)))
      .map((d) => d.meterNumber);
    const stored = needStored.length ? await storedRegisters(needStored) : new Map<string, string[]>();
    const registersOf = new Map<string, string[]>();
    for (const d of devices.values())
      registersOf.set(d.documentId, billedRegisters(choiceOf(d), stored.get(d.meterNumber) ?? []));
    const pairs = [...devices.values()].flatMap((d) =>
      registersOf.get(d.documentId)!.map((register) => ({ meterNumber: d.meterNumber, register })),
    );
    const readings = await readingsAround(pairs, fromMs, toMs);

    const occupancies = groupBy(
      await findIn(UID.occupancy, 'billingPointRef', pointIds, {
        entryDate: { $lte: periodEnd },
        $or: [{ exitDate: { $null: true } }, { exitDate: { $gte: periodStart } }],
      }),
      (o) => o.billingPointRef,
    );
    const records = await usageRecordsAround(
      [...new Set([...devices.values()].map((d) => d.meterNumber))],
      fromMs,
      toMs,
    );
    const badgeUids = new Set<string>();
    for (const list of records.values())
      for (const r of list) if (r.badge) badgeUids.add(normalizeBadgeUid(r.badge));
    const badges = new Map((await findIn(UID.rfidBadge, 'uid', [...badgeUids])).map((b) => [b.uid, b]));

    for (const w of owned) {
      const point = w.point;
      const pointDevices = deviceRefsOf
        .get(point.documentId)!
        .map((id) => devices.get(id))
        .filter((d): d is DeviceWithUtility => !!d)
        .sort((a, b) => (a.meterNumber < b.meterNumber ? -1 : 1));
      const meters: MeterInput[] = [];
      const pointReadings: ReadingInput[] = [];
      const used: ReadingRow[] = [];
      for (const device of pointDevices) {
        const registers = registersOf.get(device.documentId)!;
        for (const register of registers) {
          const { before, inside, after } = around(
            readings.get(pairKey(device.meterNumber, register)) ?? [],
            (r) => Number(r.reading_at),
            w.startMs,
            w.endMs,
            true,
          );
          for (const r of [...(before ? [before] : []), ...inside, ...(after ? [after] : [])]) {
            pointReadings.push(toReading(r));
            if (r.quality) used.push(r);
          }
        }
        meters.push({
          id: device.documentId,
          meterNumber: device.meterNumber,
          utilityType: device.utilityType?.code ?? null,
          // A utility type has no unit of its own: the meter's is the one.
          unit: device.unit || '',
          multiplier: device.multiplier || '1',
          rolloverAt: device.rolloverAt || null,
          registers,
          registerBands: fromJson<MeterInput['registerBands']>(device.registerBands) ?? null,
          installations: (installations.get(point.documentId) ?? [])
            .filter((i) => i.deviceRef === device.documentId)
            .map((i) => ({ from: i.fromDate, to: i.toDate ?? null })),
        });
      }

      const usageRecords: UsageRecordInput[] = [];
      for (const device of pointDevices) {
        const mine = records.get(device.meterNumber) ?? [];
        const inPeriod = mine.filter((r) => Number(r.dtu) >= w.startMs && Number(r.dtu) < w.endMs);
        // Baseline per (eGroup, eId) seen in the period: the last record before this point's period start.
        const baselines: UsageRow[] = [];
        for (const [, group] of groupBy(inPeriod, (r) => pairKey(r.e_group, r.e_id))) {
          const before = mine.filter(
            (r) => r.e_group === group[0].e_group && r.e_id === group[0].e_id && Number(r.dtu) < w.startMs,
          );
          let last: UsageRow | null = null;
          for (const r of before) if (!last || Number(r.dtu) > Number(last.dtu)) last = r;
          if (last) baselines.push(last);
        }
        usageRecords.push(...[...baselines, ...inPeriod].map(toUsageRecord));
      }
      const pointBadgeUids = new Set(
        usageRecords
          .map((r) => r.badge)
          .filter((b): b is string => !!b)
          .map(normalizeBadgeUid),
      );
      const pointBadges = [...pointBadgeUids]
        .map((uid) => badges.get(uid))
        .filter((b): b is Stored<typeof UID.rfidBadge> => !!b)
        .map((b) => ({
          uid: b.uid,
          partyId: b.partyRef,
          active: b.active !== false,
          validFrom: b.validFrom ?? null,
          validTo: b.validTo ?? null,
        }));

      const suspects = used.filter((r) => r.quality!.state === 'suspect');
      const flagged = suspects.length
        ? suspectReadsException(
            { documentId: point.documentId, code: point.code },
            suspects.map((r) => ({
              id: Number(r.id),
              meterNumber: r.meter_number,
              register: r.register,
              at: Number(r.reading_at),
              rule: r.quality!.rule,
            })),
            suspectPolicy,
          )
        : null;
      if (flagged && suspectPolicy === 'block') {
        result.set(point.documentId, { skipped: flagged });
        continue;
      }
      result.set(point.documentId, {
        flagged: flagged ? [flagged] : [],
        marks: used
          .filter((r) => r.quality!.state === 'estimated' || r.quality!.state === 'edited')
          .map((r) => ({
            meterNumber: r.meter_number,
            register: r.register,
            at: Number(r.reading_at),
            state: r.quality!.state as ReadMark['state'],
            method: r.quality!.method,
          })),
        input: {
          periodStart,
          periodEnd,
          timeZone: w.timeZone,
          billingPoint: {
            id: point.documentId,
            buildingId: point.buildingRef ?? null,
            ownerPartyId: w.owner!,
          },
          meters,
          readings: pointReadings,
          occupancies: (occupancies.get(point.documentId) ?? []).map((o) => ({
            id: o.documentId,
            partyId: o.partyRef,
            entryDate: o.entryDate,
            exitDate: o.exitDate ?? null,
          })),
          rates: catalog.ratesFor(point),
          usageMetrics: catalog.usageMetrics,
          usageRecords,
          badges: pointBadges,
        },
      });
    }
    return result;
  }

  return { loadCatalog, gatherChunk };
}
