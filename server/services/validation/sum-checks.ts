import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { Dec, parseDecimal } from '../../../src/charging/decimal';
import { resolveRules, type ValidationSettings } from '../../../src/validation/rule-config';
import {
  checkDays,
  daysBetween,
  runningTotal,
  sumCheckMessage,
  valuesAt,
  type DayWindow,
  type MeterDays,
  type SeriesRead,
} from '../../../src/validation/sum-check';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { getService } from '../../plugin';

/**
 * The sum check over stored readings: for every building with main meters
 * (`building.mainMeterRefs`), each main meter against the sub-meters of its utility
 * type installed at the building's billing points, day by day in the building's time
 * zone. A day beyond the tolerance flags the main meter's read that closes it
 * (rule `sum-check`); a day now within it clears that flag. Runs after the register
 * rules, over the same span, in chunks of a month so memory stays bounded.
 */
const DAY = 86_400_000;
/** Days loaded at a time; reads this far either side of a chunk let its boundaries be interpolated. */
const CHUNK_DAYS = 31;
const MARGIN = 3 * DAY;
const MAX_DAYS = 400;

type DeviceRow = {
  documentId: string;
  meterNumber: string;
  multiplier: string | null;
  utilityType?: { code: string } | null;
  deviceType?: { code: string } | null;
};
type BuildingRow = { documentId: string; code: string; timezone: string; mainMeterRefs: unknown };
type InstallationRow = {
  deviceRef: string;
  billingPointRef: string;
  fromDate: string;
  toDate: string | null;
};
type Sub = { device: DeviceRow; installs: InstallationRow[] };
export type SumGroup = { building: BuildingRow; main: DeviceRow; subs: Sub[] };
export type SumCounts = { groups: number; days: number; flagged: number; cleared: number };
type ReadRow = {
  id: number | string;
  register: string;
  reading_at: number | string;
  value: string;
  kind: string;
  effective_value: string | null;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** Every building's main meters with their sub-meters (buildings without main meters cost one query). */
  async function groups(): Promise<SumGroup[]> {
    const out: SumGroup[] = [];
    for (let start = 0; ; start += 200) {
      const buildings = (await strapi.documents(UID.building).findMany({
        fields: ['code', 'timezone', 'mainMeterRefs'],
        sort: 'id:asc',
        start,
        limit: 200,
      })) as BuildingRow[];
      for (const b of buildings) {
        const refs = Array.isArray(b.mainMeterRefs) ? (b.mainMeterRefs as string[]) : [];
        if (refs.length) out.push(...(await groupsOf(b, refs)));
      }
      if (buildings.length < 200) break;
    }
    return out;
  }

  async function groupsOf(building: BuildingRow, refs: string[]): Promise<SumGroup[]> {
    const devices = (id: { $in: string[] }) =>
      strapi.documents(UID.device).findMany({
        filters: { documentId: id },
        fields: ['meterNumber', 'multiplier'],
        populate: ['utilityType', 'deviceType'],
      }) as Promise<DeviceRow[]>;
    const mains = await devices({ $in: refs });
    const points = (await strapi.documents(UID.billingPoint).findMany({
      filters: { buildingRef: building.documentId },
      fields: ['documentId'],
    })) as { documentId: string }[];
    const installations = points.length
      ? ((await strapi.documents(UID.meterInstallation).findMany({
          filters: { billingPointRef: { $in: points.map((p) => p.documentId) } },
        })) as InstallationRow[])
      : [];
    const subDevices = installations.length
      ? await devices({ $in: [...new Set(installations.map((i) => i.deviceRef))] })
      : [];
    return mains.map((main) => ({
      building,
      main,
      subs: subDevices
        .filter((d) => d.documentId !== main.documentId && d.utilityType?.code === main.utilityType?.code)
        .map((device) => ({
          device,
          installs: installations.filter((i) => i.deviceRef === device.documentId),
        })),
    }));
  }

  /** Every register's running total at each boundary of the days, from reads loaded one chunk at a time. */
  async function totalsAt(meterNumber: string, days: DayWindow[]): Promise<(Dec | null)[][]> {
    const instants = [days[0].start, ...days.map((d) => d.end)];
    const [lo, hi] = [instants[0] - MARGIN, instants[instants.length - 1] + MARGIN];
    const rows = await knex()(`${TABLES.meterReadings} as r`)
      .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
      .where('r.meter_number', meterNumber)
      .whereBetween('r.reading_at', [lo, hi])
      // A read the register rules doubt does not count; the sum check's own flags do.
      .andWhere((w) => {
        void w.whereNull('q.state').orWhereNot('q.state', 'suspect').orWhere('q.rule', 'sum-check');
      })
      .orderBy([{ column: 'r.register' }, { column: 'r.reading_at' }])
      .select<ReadRow[]>('r.id', 'r.register', 'r.reading_at', 'r.value', 'r.kind', 'q.effective_value');
    const byRegister = new Map<string, { kind: string; reads: SeriesRead[] }>();
    for (const r of rows) {
      const value = parseDecimal(r.effective_value ?? r.value);
      if (!value) continue;
      let reg = byRegister.get(r.register);
      if (!reg) byRegister.set(r.register, (reg = { kind: r.kind, reads: [] }));
      reg.reads.push({ at: Number(r.reading_at), value });
    }
    if (byRegister.size === 0) return [instants.map(() => null)];
    return [...byRegister.values()].map((reg) =>
      valuesAt(runningTotal(reg.reads, reg.kind === 'interval' ? 'interval' : 'cumulative'), instants),
    );
  }

  const installedOn = (installs: InstallationRow[]) => (day: string) =>
    installs.some((i) => i.fromDate <= day && (!i.toDate || i.toDate >= day));

  /** The main meter's read that closes a day: the first at or after its end, within a day. */
  async function closingRead(meterNumber: string, end: number) {
    const [row] = await knex()(`${TABLES.meterReadings} as r`)
      .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
      .where('r.meter_number', meterNumber)
      .andWhere('r.reading_at', '>=', end)
      .andWhere('r.reading_at', '<', end + DAY)
      .orderBy([{ column: 'r.reading_at' }, { column: 'r.register' }])
      .limit(1)
      .select<
        {
          id: number | string;
          register: string;
          reading_at: number | string;
          state: string | null;
          rule: string | null;
          message: string | null;
        }[]
      >('r.id', 'r.register', 'r.reading_at', 'q.state', 'q.rule', 'q.message');
    return row ?? null;
  }

  async function checkGroup(
    group: SumGroup,
    settings: ValidationSettings,
    from: number,
    to: number,
  ): Promise<SumCounts> {
    const counts: SumCounts = { groups: 1, days: 0, flagged: 0, cleared: 0 };
    const rules = resolveRules(settings, {
      meterNumber: group.main.meterNumber,
      utilityType: group.main.utilityType?.code ?? null,
      deviceType: group.main.deviceType?.code ?? null,
    })['sum-check'];
    if (!rules.enabled) return counts;
    const all = daysBetween(from, to, group.building.timezone).slice(-MAX_DAYS);
    const multiplier = (d: DeviceRow) => parseDecimal(d.multiplier ?? '1') ?? new Dec(1);
    for (let c = 0; c < all.length; c += CHUNK_DAYS) {
      const days = all.slice(c, c + CHUNK_DAYS);
      const main: MeterDays = {
        meterNumber: group.main.meterNumber,
        multiplier: multiplier(group.main),
        registers: await totalsAt(group.main.meterNumber, days),
        counts: () => true,
      };
      const subs: MeterDays[] = [];
      for (const s of group.subs) {
        const counts = installedOn(s.installs);
        if (!days.some((d) => counts(d.day))) continue;
        subs.push({
          meterNumber: s.device.meterNumber,
          multiplier: multiplier(s.device),
          registers: await totalsAt(s.device.meterNumber, days),
          counts,
        });
      }
      const verdicts = checkDays(days, main, subs, rules.tolerancePercent);
      counts.days += verdicts.length;
      for (const v of verdicts) {
        const read = await closingRead(group.main.meterNumber, v.end);
        if (!read) continue;
        const message = sumCheckMessage(v, rules.tolerancePercent);
        if (!v.ok) {
          if (await flag(read, message, rules.severity, group.main.meterNumber)) counts.flagged++;
        } else if (read.state === 'suspect' && read.rule === 'sum-check') {
          await clear(read);
          counts.cleared++;
        }
      }
    }
    return counts;
  }

  /** Flags a read, unless a person decided on it or another rule already did; true when newly flagged. */
  async function flag(
    read: NonNullable<Awaited<ReturnType<typeof closingRead>>>,
    message: string,
    severity: string,
    meterNumber: string,
  ): Promise<boolean> {
    const now = Date.now();
    return knex().transaction(async (trx) => {
      const [row] = await trx(QUALITY_TABLES.readingQuality)
        .where({ reading_id: read.id })
        .select<{ state: string; rule: string | null; message: string | null }[]>('state', 'rule', 'message');
      if (row) {
        if (row.state === 'suspect' && row.rule === 'sum-check' && row.message !== message)
          await trx(QUALITY_TABLES.readingQuality)
            .where({ reading_id: read.id })
            .update({ message: message.slice(0, 500), severity, updated_at: now });
        return false;
      }
      await trx(QUALITY_TABLES.readingQuality).insert({
        reading_id: read.id,
        meter_number: meterNumber,
        register: read.register,
        reading_at: read.reading_at,
        state: 'suspect',
        rule: 'sum-check',
        severity,
        message: message.slice(0, 500),
        effective_value: null,
        method: null,
        updated_at: now,
      });
      await trx(QUALITY_TABLES.readingEdits).insert({
        reading_id: read.id,
        action: 'flag',
        before_state: 'valid',
        after_state: 'suspect',
        rule: 'sum-check',
        reason: message.slice(0, 1000),
        at: now,
      });
      return true;
    });
  }

  async function clear(read: { id: number | string }) {
    await knex().transaction(async (trx) => {
      const gone = await trx(QUALITY_TABLES.readingQuality)
        .where({ reading_id: read.id, state: 'suspect', rule: 'sum-check' })
        .delete();
      if (gone)
        await trx(QUALITY_TABLES.readingEdits).insert({
          reading_id: read.id,
          action: 'clear',
          before_state: 'suspect',
          after_state: 'valid',
          rule: 'sum-check',
          reason: 'The main meter and the sub-meters agree again',
          at: Date.now(),
        });
    });
  }

  return {
    /**
     * After the register rules over some spans (a stored file, a period run): every
     * group whose main meter or a sub-meter has readings in them, over their span.
     */
    async afterSpans(spans: { meter_number: string; lo: number; hi: number }[]): Promise<SumCounts> {
      const total: SumCounts = { groups: 0, days: 0, flagged: 0, cleared: 0 };
      if (spans.length === 0) return total;
      const all = await groups();
      if (all.length === 0) return total;
      const settings = await getService(strapi, 'validation-settings').get();
      for (const g of all) {
        const numbers = new Set([g.main.meterNumber, ...g.subs.map((s) => s.device.meterNumber)]);
        const mine = spans.filter((s) => numbers.has(s.meter_number));
        if (mine.length === 0) continue;
        const from = Math.min(...mine.map((s) => s.lo));
        const to = Math.max(...mine.map((s) => s.hi));
        const c = await checkGroup(g, settings, from, to);
        for (const k of Object.keys(total) as (keyof SumCounts)[]) total[k] += c[k];
      }
      return total;
    },

    /** On demand over a period: every group, or the groups the meter is the main or a sub-meter of. */
    async overPeriod(from: number, to: number, meterNumber?: string): Promise<SumCounts> {
      const total: SumCounts = { groups: 0, days: 0, flagged: 0, cleared: 0 };
      const settings = await getService(strapi, 'validation-settings').get();
      for (const g of await groups()) {
        const numbers = [g.main.meterNumber, ...g.subs.map((s) => s.device.meterNumber)];
        if (meterNumber && !numbers.includes(meterNumber)) continue;
        const c = await checkGroup(g, settings, from, to);
        for (const k of Object.keys(total) as (keyof SumCounts)[]) total[k] += c[k];
      }
      return total;
    },
  };
};
