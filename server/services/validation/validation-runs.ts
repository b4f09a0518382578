import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { Dec, parseDecimal } from '../../../src/charging/decimal';
import { invalidField } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import { parseInstantParam } from '../../../src/ingestion/consumption-range';
import { runRequestSchema } from '../../../src/validation/run-request';
import {
  resolveRules,
  type ResolvedRules,
  type ValidationSettings,
} from '../../../src/validation/rule-config';
import {
  RegisterValidator,
  type QualityState,
  type ReadingFlag,
} from '../../../src/validation/register-validator';
import { TABLES } from '../../database/bulk-tables';
import { insertRows } from '../../database/insert-rows';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { getService } from '../../plugin';
import { pluginConfig } from '../billing/billing-support';

/**
 * Runs the validation rules (src/validation) over stored readings: after each file is
 * stored (over the file's span per register) and on demand over a period. One register
 * at a time, its reads streamed in keyset pages through a RegisterValidator, so memory
 * is one page whatever the length of the register or the number of meters. Readings a
 * person decided on (accepted, edited, estimated) are never flagged again; a suspect
 * reading the rules no longer flag (new parameters, a corrected neighbour) is cleared.
 */
const PAGE = 2000;
const DAY = 86_400_000;
/** Registers listed at a time when a period run looks for what to check. */
const PAIR_PAGE = 500;
/** Meters whose device, installations and occupancies are loaded together. */
const METER_BATCH = 200;
/** The longest period one on-demand run covers. */
const MAX_RUN_DAYS = 400;

export type RunCounts = { registers: number; checked: number; flagged: number; cleared: number };
type DeviceRow = {
  documentId: string;
  rolloverAt: string | null;
  utilityType?: { code: string } | null;
  deviceType?: { code: string } | null;
};
type InstallationRow = { billingPointRef: string; fromDate: string; toDate: string | null };
type OccupancyRow = { billingPointRef: string; entryDate: string; exitDate: string | null };
/** A reading joined with its quality row (q.* null without one). */
type ValidatedRow = {
  id: number | string;
  reading_at: number | string;
  value: string;
  kind: string;
  state: QualityState | null;
  rule: string | null;
  message: string | null;
  effective_value: string | null;
};
type Meter = {
  meterNumber: string;
  rules: ResolvedRules;
  rolloverAt: Dec | null;
  occupied: (from: number, to: number) => boolean;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const zone = () => pluginConfig(strapi).defaultTimezone;

  /**
   * The rules, rollover and occupancy of meters (by meter number; an unlinked meter gets
   * the defaults), loaded for a batch of meters in three queries, not three per meter.
   */
  async function metersOf(meterNumbers: string[], settings: ValidationSettings): Promise<Map<string, Meter>> {
    const devices = (await strapi.documents(UID.device).findMany({
      filters: { meterNumber: { $in: meterNumbers } },
      populate: ['deviceType', 'utilityType'],
    })) as (DeviceRow & { meterNumber: string })[];
    const installations = devices.length
      ? ((await strapi.documents(UID.meterInstallation).findMany({
          filters: { deviceRef: { $in: devices.map((d) => d.documentId) } },
        })) as (InstallationRow & { deviceRef: string })[])
      : [];
    const occupancies = installations.length
      ? ((await strapi.documents(UID.occupancy).findMany({
          filters: { billingPointRef: { $in: [...new Set(installations.map((i) => i.billingPointRef))] } },
        })) as OccupancyRow[])
      : [];
    const byNumber = new Map(devices.map((d) => [d.meterNumber, d]));
    const out = new Map<string, Meter>();
    for (const meterNumber of meterNumbers) {
      const device = byNumber.get(meterNumber);
      const rules = resolveRules(settings, {
        meterNumber,
        utilityType: device?.utilityType?.code ?? null,
        deviceType: device?.deviceType?.code ?? null,
      });
      const rolloverAt = device?.rolloverAt ? parseDecimal(device.rolloverAt) : null;
      const mine = device ? installations.filter((i) => i.deviceRef === device.documentId) : [];
      out.set(meterNumber, { meterNumber, rules, rolloverAt, occupied: occupiedBy(mine, occupancies) });
    }
    return out;
  }

  /**
   * Occupied throughout: every day of the span, the meter was installed at a billing
   * point that somebody occupied. Without an installation nobody is billed, so no alarm.
   */
  function occupiedBy(installations: InstallationRow[], occupancies: OccupancyRow[]) {
    if (installations.length === 0) return () => false;
    const tz = zone();
    const day = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).toISODate()!;
    return (from: number, to: number) => {
      for (let ms = from; ms <= to; ms += DAY) {
        const d = day(ms);
        const lived = installations.some(
          (i) =>
            i.fromDate <= d &&
            (!i.toDate || i.toDate >= d) &&
            occupancies.some(
              (o) =>
                o.billingPointRef === i.billingPointRef &&
                o.entryDate <= d &&
                (!o.exitDate || o.exitDate >= d),
            ),
        );
        if (!lived) return false;
      }
      return true;
    };
  }

  /** Where the look-back starts: enough reads for the spike baseline and enough days for the run rules. */
  async function lookbackFrom(meter: Meter, register: string, fromMs: number): Promise<number> {
    const r = meter.rules;
    const [nth] = await knex()(TABLES.meterReadings)
      .where({ meter_number: meter.meterNumber, register })
      .andWhere('reading_at', '<', fromMs)
      .orderBy('reading_at', 'desc')
      .offset(r.spike.baselineReads + 3)
      .limit(1)
      .select<{ reading_at: number | string }[]>('reading_at');
    if (!nth) return Number.MIN_SAFE_INTEGER;
    const days = Math.max(r.zero.days, r.stuck.days, Math.ceil(r['continuous-flow'].hours / 24)) + 1;
    return Math.min(Number(nth.reading_at), fromMs - days * DAY);
  }

  /** Validates one register's reads in [fromMs, toMs] (both included) and stores the verdicts. */
  async function validateRegister(
    meter: Meter,
    register: string,
    fromMs: number,
    toMs: number,
  ): Promise<RunCounts> {
    const counts: RunCounts = { registers: 1, checked: 0, flagged: 0, cleared: 0 };
    const start = await lookbackFrom(meter, register, fromMs);
    let validator: RegisterValidator | null = null;
    let after: number | null = null;
    for (;;) {
      const q = knex()(`${TABLES.meterReadings} as r`)
        .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
        .where({ 'r.meter_number': meter.meterNumber, 'r.register': register })
        .andWhere('r.reading_at', '<=', toMs)
        .andWhere('r.reading_at', after === null ? '>=' : '>', after === null ? start : after)
        .orderBy('r.reading_at')
        .limit(PAGE)
        .select(
          'r.id',
          'r.reading_at',
          'r.value',
          'r.kind',
          'q.state',
          'q.rule',
          'q.message',
          'q.effective_value',
        );
      const rows = (await q) as ValidatedRow[];
      if (rows.length === 0) break;
      validator ??= new RegisterValidator({
        rules: meter.rules,
        kind: rows[0].kind === 'interval' ? 'interval' : 'cumulative',
        rolloverAt: meter.rolloverAt,
        flagFrom: fromMs,
        occupied: meter.occupied,
      });
      const flags: { flag: ReadingFlag; row: ValidatedRow }[] = [];
      const clear: ValidatedRow[] = [];
      for (const row of rows) {
        const value = parseDecimal(row.effective_value ?? row.value);
        const at = Number(row.reading_at);
        // A value no decimal parser reads can't be judged; it stays as it is (charging reports it).
        if (!value) continue;
        const flag = validator.add({
          id: Number(row.id),
          at,
          value,
          state: row.state ?? 'valid',
        });
        if (at < fromMs) continue;
        counts.checked++;
        if (flag) flags.push({ flag, row });
        // The sum check's flags are its own to clear (sum-checks.ts).
        else if (row.state === 'suspect' && row.rule !== 'sum-check') clear.push(row);
      }
      await store(meter.meterNumber, register, flags, clear);
      counts.flagged += flags.length;
      counts.cleared += clear.length;
      if (rows.length < PAGE) break;
      after = Number(rows[rows.length - 1].reading_at);
    }
    return counts;
  }

  /** Writes one page's verdicts: new flags with an audit entry, changed flags updated, stale ones cleared. */
  async function store(
    meterNumber: string,
    register: string,
    flags: { flag: ReadingFlag; row: ValidatedRow }[],
    clear: ValidatedRow[],
  ) {
    if (flags.length === 0 && clear.length === 0) return;
    const now = Date.now();
    await knex().transaction(async (trx) => {
      const fresh = flags.filter((f) => !f.row.state);
      if (fresh.length) {
        // A reading flagged meanwhile keeps its row; not INSERT IGNORE, which would hide bad data on MySQL.
        await insertRows(
          strapi,
          QUALITY_TABLES.readingQuality,
          fresh.map(({ flag }) => ({
            reading_id: flag.readingId,
            meter_number: meterNumber,
            register,
            reading_at: flag.at,
            state: 'suspect',
            rule: flag.rule,
            severity: flag.severity,
            message: flag.message.slice(0, 500),
            effective_value: null,
            method: null,
            updated_at: now,
          })),
          { skipDuplicatesOn: ['reading_id'], transaction: trx },
        );
        await trx(QUALITY_TABLES.readingEdits).insert(
          fresh.map(({ flag }) => ({
            reading_id: flag.readingId,
            action: 'flag',
            before_state: 'valid',
            after_state: 'suspect',
            rule: flag.rule,
            reason: flag.message.slice(0, 1000),
            at: now,
          })),
        );
      }
      for (const { flag, row } of flags) {
        if (!row.state || (row.rule === flag.rule && row.message === flag.message)) continue;
        await trx(QUALITY_TABLES.readingQuality)
          .where({ reading_id: flag.readingId, state: 'suspect' })
          .update({
            rule: flag.rule,
            severity: flag.severity,
            message: flag.message.slice(0, 500),
            updated_at: now,
          });
      }
      if (clear.length) {
        const ids = clear.map((r) => Number(r.id));
        await trx(QUALITY_TABLES.readingQuality)
          .whereIn('reading_id', ids)
          .andWhere({ state: 'suspect' })
          .delete();
        await trx(QUALITY_TABLES.readingEdits).insert(
          clear.map((r) => ({
            reading_id: Number(r.id),
            action: 'clear',
            before_state: 'suspect',
            after_state: 'valid',
            rule: r.rule,
            reason: 'No longer flagged by the rules',
            at: now,
          })),
        );
      }
    });
  }

  async function validateSpans(spans: { meter_number: string; register: string; lo: number; hi: number }[]) {
    const settings = await getService(strapi, 'validation-settings').get();
    const total: RunCounts = { registers: 0, checked: 0, flagged: 0, cleared: 0 };
    let meters = new Map<string, Meter>();
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      let meter = meters.get(s.meter_number);
      if (!meter) {
        // The next batch of meters (spans come sorted by meter): only one batch is held.
        const batch = [...new Set(spans.slice(i, i + METER_BATCH * 4).map((x) => x.meter_number))].slice(
          0,
          METER_BATCH,
        );
        meters = await metersOf(batch, settings);
        meter = meters.get(s.meter_number)!;
      }
      const c = await validateRegister(meter, s.register, s.lo, s.hi);
      for (const k of Object.keys(total) as (keyof RunCounts)[]) total[k] += c[k];
    }
    return total;
  }

  /** The sum check's flags and clears count with the register rules'. */
  const withSums = (total: RunCounts, sums: { flagged: number; cleared: number }): RunCounts => ({
    ...total,
    flagged: total.flagged + sums.flagged,
    cleared: total.cleared + sums.cleared,
  });

  return {
    validateSpans,

    /** After a file is stored: its registers, over the span of the file's readings. */
    async afterFileStored(logId: number): Promise<RunCounts | null> {
      if ((await getService(strapi, 'validation-settings').get()).afterEachFile === false) return null;
      type Span = { meter_number: string; register: string; lo: number | string; hi: number | string };
      const spans = await knex()(TABLES.meterReadings)
        .where({ source_log_id: logId })
        .groupBy('meter_number', 'register')
        .orderBy([{ column: 'meter_number' }, { column: 'register' }])
        .select('meter_number', 'register')
        .min({ lo: 'reading_at' })
        .max<Span[]>({ hi: 'reading_at' });
      const parsed = spans.map((s) => ({ ...s, lo: Number(s.lo), hi: Number(s.hi) }));
      const total = await validateSpans(parsed);
      return withSums(total, await getService(strapi, 'sum-checks').afterSpans(parsed));
    },

    /** On demand (`POST /validation/runs`): every register with readings in [from, to], or one meter's. */
    async runPeriod(body: unknown): Promise<RunCounts & { from: string; to: string }> {
      const input = parseInput(runRequestSchema, body);
      const tz = zone();
      const from = parseInstantParam('from', input.from, tz)!;
      const to = parseInstantParam('to', input.to, tz)!;
      if (to <= from) throw invalidField('to', 'to must be after from');
      if (to - from > MAX_RUN_DAYS * DAY)
        throw invalidField('to', `a run covers at most ${MAX_RUN_DAYS} days; split it into several`);
      const total: RunCounts = { registers: 0, checked: 0, flagged: 0, cleared: 0 };
      let last: { meter: string; register: string } | null = null;
      for (;;) {
        const q = knex()(TABLES.meterReadings)
          .whereBetween('reading_at', [from, to])
          .distinct('meter_number', 'register')
          .orderBy([{ column: 'meter_number' }, { column: 'register' }])
          .limit(PAIR_PAGE);
        if (input.meterNumber) q.andWhere({ meter_number: input.meterNumber });
        if (last) {
          const { meter, register } = last;
          q.andWhere((w) => {
            void w.where('meter_number', '>', meter).orWhere((x) => {
              void x.where('meter_number', meter).andWhere('register', '>', register);
            });
          });
        }
        const pairs = (await q) as { meter_number: string; register: string }[];
        const c = await validateSpans(pairs.map((p) => ({ ...p, lo: from, hi: to })));
        for (const k of Object.keys(total) as (keyof RunCounts)[]) total[k] += c[k];
        if (pairs.length < PAIR_PAGE) break;
        const end = pairs[pairs.length - 1];
        last = { meter: end.meter_number, register: end.register };
      }
      const sums = await getService(strapi, 'sum-checks').overPeriod(from, to, input.meterNumber);
      return { ...withSums(total, sums), from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    },
  };
};
