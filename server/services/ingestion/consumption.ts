import type { Core } from '@strapi/strapi';
import { parseCalendarDate } from '../../../src/charging/calendar';
import { startOfDay } from '../../../src/charging/time-zone';
import {
  ConsumptionBuckets,
  sumSeries,
  type SeriesReading,
  type SeriesResult,
} from '../../../src/ingestion/consumption';
import { parseConsumptionRange, type ConsumptionRange } from '../../../src/ingestion/consumption-range';
import { invalidField, notFound } from '../../../src/common/errors';
import { UID } from '../../../content-types';
import type { MeterReadingRow } from '../../database/rows';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { fromJson } from '../../database/entities';
import {
  asStoredAll,
  billingPointContext,
  devicesWithUtility,
  pluginConfig,
  textParam,
} from '../billing/billing-support';

/** Reads are streamed through the bucketing in pages of this many, keyed on (reading_at, id). */
const PAGE = 5000;

/** Instants [from, to], both included (the charging rules' installation window); null ends are open. */
export type ReadWindow = { from: number | null; to: number | null };
export type SeriesDevice = { documentId: string; multiplier?: string | null; rolloverAt?: string | null };

/** An installation's calendar dates in a zone → its window: 00:00 of the first day to 00:00 after the last. */
export function installationWindow(zone: string, from: string, to: string | null): ReadWindow {
  return {
    from: startOfDay(zone, parseCalendarDate(from)!),
    to: to === null ? null : startOfDay(zone, parseCalendarDate(to)! + 1),
  };
}

/**
 * Consumption series for charts: one register of a device (the admin's device page),
 * a billing point's meters summed by utility (the billing point page), and the
 * resident's meters (members service). The bucketing is src/ingestion/consumption.ts;
 * this reads the readings for it, page by page, so a long range never sits in memory.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /**
   * One register's series over `range`, counting only reads inside `window`: the
   * last read before the range (inside the window) opens it, then every read up to
   * and including `range.to` (a read at 00:00 closes the day before).
   */
  async function registerSeries(
    device: SeriesDevice,
    register: string,
    range: ConsumptionRange,
    zone: string,
    window: ReadWindow = { from: null, to: null },
  ): Promise<SeriesResult> {
    const acc = new ConsumptionBuckets({
      period: range.period,
      timeZone: zone,
      multiplier: device.multiplier ?? '1',
      rolloverAt: device.rolloverAt ?? null,
      range,
    });
    const lo = Math.max(range.from, window.from ?? -Infinity);
    const hi = Math.min(range.to, window.to ?? Infinity);
    if (lo > hi) return acc.result();
    // Each read with its VEE quality row, in the same query: the effective value counts,
    // and an estimated or edited read is counted in its bucket (no row: as read).
    const base = () =>
      knex()(`${TABLES.meterReadings} as r`)
        .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
        .where({ 'r.device_ref': device.documentId, 'r.register': register });
    const columns = ['r.id', 'r.reading_at', 'r.value', 'r.kind', 'q.state', 'q.effective_value'];
    type Row = Pick<MeterReadingRow, 'id' | 'reading_at' | 'value' | 'kind'> & {
      state: string | null;
      effective_value: string | null;
    };
    const toRead = (x: Row): SeriesReading => ({
      readingAt: Number(x.reading_at),
      value: x.effective_value ?? x.value,
      kind: x.kind as 'cumulative' | 'interval',
      quality: x.state === 'estimated' || x.state === 'edited' ? x.state : null,
    });
    const opening = base().andWhere('r.reading_at', '<', lo);
    if (window.from !== null) opening.andWhere('r.reading_at', '>=', window.from);
    const page = (after: { at: number; id: number } | null) => {
      const q = base().andWhere('r.reading_at', '<=', hi);
      if (after) {
        const { at, id } = after;
        // `reading_at >= at` bounds the index range; the OR alone is only a filter, and each
        // page read the range again from its start (a year's 8th page: 35,000 rows for 5,000).
        q.andWhere('r.reading_at', '>=', at).andWhere((w) => {
          w.where('r.reading_at', '>', at).orWhere('r.id', '>', id);
        });
      } else q.andWhere('r.reading_at', '>=', lo);
      return q
        .orderBy([{ column: 'r.reading_at' }, { column: 'r.id' }])
        .limit(PAGE)
        .select<Row[]>(columns);
    };
    // The opening read and the first page do not depend on each other: one round trip, not two.
    const [[open], first] = await Promise.all([
      opening.orderBy('r.reading_at', 'desc').limit(1).select<Row[]>(columns),
      page(null),
    ]);
    if (open) acc.add(toRead(open));
    for (let rows = first; ;) {
      for (const row of rows) acc.add(toRead(row));
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      rows = await page({ at: Number(last.reading_at), id: Number(last.id) });
    }
    return acc.result();
  }

  /**
   * What a device's series needs, and the zone its days are counted in — its building's
   * (latest installation), else the plugin's — in one query: the series is the chart a
   * person opens most, and five lookups through the document service (the device with
   * its two relations, the installation, its billing point, its building) were most of
   * its time (bench/README.md, readings at scale).
   */
  async function seriesDevice(documentId: string) {
    const table = (uid: (typeof UID)[keyof typeof UID]) => strapi.db.metadata.get(uid).tableName;
    const latestZone = knex()(`${table(UID.meterInstallation)} as i`)
      .leftJoin(`${table(UID.billingPoint)} as p`, 'p.document_id', 'i.billing_point_ref')
      .leftJoin(`${table(UID.building)} as b`, 'b.document_id', 'p.building_ref')
      .whereRaw('?? = ??', ['i.device_ref', 'd.document_id'])
      .orderBy([
        { column: 'i.from_date', order: 'desc' },
        { column: 'i.id', order: 'asc' },
      ])
      .limit(1)
      .select('b.timezone');
    type DeviceRow = {
      document_id: string;
      meter_number: string;
      registers: unknown;
      unit: string | null;
      multiplier: string | null;
      rollover_at: string | null;
      timezone: string | null;
    };
    const row = await knex()(`${table(UID.device)} as d`)
      .where('d.document_id', documentId)
      .first<DeviceRow | undefined>(
        'd.document_id',
        'd.meter_number',
        'd.registers',
        'd.unit',
        'd.multiplier',
        'd.rollover_at',
        latestZone.as('timezone'),
      );
    if (!row) throw notFound('Device', documentId);
    // JSON columns come back parsed on PostgreSQL, as text on SQLite and MariaDB.
    const stored: unknown = typeof row.registers === 'string' ? JSON.parse(row.registers) : row.registers;
    return {
      device: {
        documentId: row.document_id,
        meterNumber: row.meter_number,
        registers: Array.isArray(stored) && stored.length ? (stored as string[]) : ['1'],
        unit: row.unit ?? null,
        multiplier: row.multiplier ?? '1',
        rolloverAt: row.rollover_at ?? null,
      },
      zone: row.timezone ?? pluginConfig(strapi).defaultTimezone,
    };
  }

  return {
    registerSeries,

    /** `GET /devices/:id/consumption?period&from&to&register`: one register (default the first). */
    async deviceConsumption(documentId: string, query: Record<string, unknown>) {
      const { device, zone } = await seriesDevice(documentId);
      const range = parseConsumptionRange(query, zone);
      const register = textParam(query, 'register', 32) ?? device.registers[0];
      if (!register || !device.registers.includes(register)) {
        throw invalidField(
          'register',
          `Device ${device.meterNumber} has no register "${register ?? ''}" (it has ${device.registers.join(', ') || 'none'})`,
        );
      }
      const series = await registerSeries(device, register, range, zone);
      return {
        meterNumber: device.meterNumber,
        register,
        registers: device.registers,
        unit: device.unit,
        period: range.period,
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        timeZone: zone,
        ...series,
      };
    },

    /**
     * `GET /billing-points/:id/consumption?period&from&to`: per utility, the sum of
     * every register of every meter while it was installed here (a replaced meter
     * counts until its last day, its successor from its first).
     */
    async billingPointConsumption(documentId: string, query: Record<string, unknown>) {
      const { point, timezone } = await billingPointContext(strapi, documentId);
      const range = parseConsumptionRange(query, timezone);
      const installations = asStoredAll(
        UID.meterInstallation,
        await strapi.documents(UID.meterInstallation).findMany({
          filters: { billingPointRef: point.documentId },
          sort: [{ fromDate: 'asc' }],
          limit: 10_000,
        }),
      );
      const deviceRows = await devicesWithUtility(
        strapi,
        installations.map((i) => i.deviceRef),
      );
      const typed = new Map(deviceRows.map((d) => [d.documentId, d]));
      type Group = {
        utility: { documentId: string; code: string; name: string } | null;
        order: number;
        units: Set<string>;
        meters: string[];
        series: SeriesResult[];
      };
      const groups = new Map<string, Group>();
      for (const installation of installations) {
        const device = typed.get(installation.deviceRef);
        if (!device) continue;
        const utility = device.utilityType
          ? {
              documentId: device.utilityType.documentId,
              code: device.utilityType.code,
              name: device.utilityType.name,
            }
          : null;
        const key = utility?.code ?? '';
        const group: Group = groups.get(key) ?? {
          utility,
          order: device.utilityType?.displayOrder ?? Number.MAX_SAFE_INTEGER,
          units: new Set<string>(),
          meters: [],
          series: [],
        };
        groups.set(key, group);
        if (device.unit) group.units.add(device.unit);
        if (!group.meters.includes(device.meterNumber)) group.meters.push(device.meterNumber);
        const window = installationWindow(timezone, installation.fromDate, installation.toDate ?? null);
        const stored = fromJson<string[] | null>(device.registers ?? null);
        const registers = Array.isArray(stored) && stored.length ? stored : ['1'];
        for (const register of registers)
          group.series.push(await registerSeries(device, register, range, timezone, window));
      }
      const data = [...groups.values()]
        .sort((a, b) => a.order - b.order || (a.utility?.code ?? '').localeCompare(b.utility?.code ?? ''))
        .map((g) => ({
          utility: g.utility,
          unit: g.units.size === 1 ? [...g.units][0] : null,
          meters: g.meters,
          buckets: sumSeries(g.series.map((s) => s.buckets)),
          warnings: [
            ...(g.units.size > 1
              ? [
                  `The meters of this utility count in different units (${[...g.units].join(', ')}); the sum mixes them`,
                ]
              : []),
            ...g.series.flatMap((s) => s.warnings),
          ],
        }));
      return {
        data,
        meta: {
          billingPoint: { documentId: point.documentId, code: point.code, name: point.name },
          period: range.period,
          from: new Date(range.from).toISOString(),
          to: new Date(range.to).toISOString(),
          timeZone: timezone,
        },
      };
    },
  };
};
