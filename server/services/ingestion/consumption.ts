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
import { invalidField } from '../../../src/common/errors';
import { UID } from '../../../content-types';
import type { MeterReadingRow } from '../../database/rows';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { getService } from '../../plugin';
import { fromJson } from '../../database/entities';
import {
  asStoredAll,
  billingPointContext,
  devicesWithUtility,
  findDocument,
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
    const [open] = await opening.orderBy('r.reading_at', 'desc').limit(1).select<Row[]>(columns);
    if (open) acc.add(toRead(open));
    let after: { at: number; id: number } | null = null;
    for (;;) {
      const q = base().andWhere('r.reading_at', '<=', hi);
      if (after) {
        const { at, id } = after;
        q.andWhere((w) => {
          w.where('r.reading_at', '>', at).orWhere((x) => {
            x.where('r.reading_at', '=', at).andWhere('r.id', '>', id);
          });
        });
      } else q.andWhere('r.reading_at', '>=', lo);
      const rows = await q
        .orderBy([{ column: 'r.reading_at' }, { column: 'r.id' }])
        .limit(PAGE)
        .select<Row[]>(columns);
      for (const row of rows) acc.add(toRead(row));
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { at: Number(last.reading_at), id: Number(last.id) };
    }
    return acc.result();
  }

  /** The zone a device's days are counted in: its building's (current or latest installation), else the plugin's. */
  async function deviceZone(documentId: string): Promise<string> {
    const [latest] = asStoredAll(
      UID.meterInstallation,
      await strapi.documents(UID.meterInstallation).findMany({
        filters: { deviceRef: documentId },
        sort: [{ fromDate: 'desc' }],
        limit: 1,
      }),
    );
    const point = latest ? await findDocument(strapi, UID.billingPoint, latest.billingPointRef) : null;
    const building = point ? await findDocument(strapi, UID.building, point.buildingRef) : null;
    return building?.timezone ?? pluginConfig(strapi).defaultTimezone;
  }

  return {
    registerSeries,

    /** `GET /devices/:id/consumption?period&from&to&register`: one register (default the first). */
    async deviceConsumption(documentId: string, query: Record<string, unknown>) {
      const device = await getService(strapi, 'devices').get(documentId);
      const zone = await deviceZone(documentId);
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
