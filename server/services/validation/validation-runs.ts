import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { Dec, parseDecimal } from '../../../src/charging/decimal';
import { invalidField } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import { parseInstantParam } from '../../../src/ingestion/consumption-range';
import { runRequestSchema } from '../../../src/validation/run-request';
import { amountOf } from '../../../src/validation/scaled-amount';
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
import {
  FileValidation,
  type FileSpan,
  type FileValidationHandle,
  type LookbackRead,
  type NewFlag,
  type RunCounts,
} from './file-validation';

/**
 * Runs the validation rules (src/validation) over stored readings: after each file is
 * stored (over the file's span per register) and on demand over a period. One register
 * at a time, its reads streamed in keyset pages through a RegisterValidator, so memory
 * is one page whatever the length of the register or the number of meters. Readings a
 * person decided on (accepted, edited, estimated) are never flagged again; a suspect
 * reading the rules no longer flag (new parameters, a corrected neighbour) is cleared.
 */
const PAGE = 2000;
/**
 * Registers whose look-backs are found in one query (five bindings each, far below every
 * database's limit — SQLite's oldest is 999).
 */
const REGISTER_BATCH = 50;
const DAY = 86_400_000;
/** Registers listed at a time when a period run looks for what to check. */
const PAIR_PAGE = 500;
/** Meters whose device, installations and occupancies are loaded together. */
const METER_BATCH = 200;
/** The longest period one on-demand run covers. */
const MAX_RUN_DAYS = 400;

export type { RunCounts };
/** Flags of new readings looked up by key at a time (three bindings each). */
const FLAG_LOOKUP = 100;
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
/** One register to validate over [lo, hi]. */
type Span = { meter: Meter; register: string; lo: number; hi: number };

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

  /** How far back a register's look-back reaches: enough reads for the spike baseline, enough days for the run rules. */
  const lookbackDays = (meter: Meter) => {
    const r = meter.rules;
    return Math.max(r.zero.days, r.stuck.days, Math.ceil(r['continuous-flow'].hours / 24)) + 1;
  };

  /**
   * Where each register's look-back starts, for a batch of registers in one query:
   * per register, the reading_at of its (baseline + 4)-th read before the span, as a
   * scalar subquery (an index seek each), UNION ALL over the batch.
   */
  async function lookbackStarts(batch: Span[]): Promise<number[]> {
    // Each part is a derived table: knex drops the first part of a union without FROM.
    const parts = batch.map((s, i) =>
      knex()
        .select('*')
        .from(
          knex()
            .select(
              knex().raw(`${i} as i`),
              knex()(TABLES.meterReadings)
                .where({ meter_number: s.meter.meterNumber, register: s.register })
                .andWhere('reading_at', '<', s.lo)
                .orderBy('reading_at', 'desc')
                .offset(s.meter.rules.spike.baselineReads + 3)
                .limit(1)
                .select('reading_at')
                .as('nth'),
            )
            .as(`b${i}`),
        ),
    );
    const rows = (await parts[0].unionAll(parts.slice(1))) as {
      i: number | string;
      nth: number | string | null;
    }[];
    const starts = batch.map(() => Number.MIN_SAFE_INTEGER);
    for (const row of rows) {
      if (row.nth === null) continue;
      const s = batch[Number(row.i)];
      starts[Number(row.i)] = Math.min(Number(row.nth), s.lo - lookbackDays(s.meter) * DAY);
    }
    return starts;
  }

  /**
   * Which registers of a batch have any quality row at all, in one query: most have none
   * (no row is valid), and their reads are then read without the join — on SQLite the
   * join's look-up per read costs as much as reading the read. A quality row written by a
   * person between this query and the page is seen by the next run, as between two pages.
   */
  async function registersWithQuality(batch: Span[]): Promise<Set<string>> {
    const meters = [...new Set(batch.map((s) => s.meter.meterNumber))];
    const rows = await knex()(QUALITY_TABLES.readingQuality)
      .whereIn('meter_number', meters)
      .distinct<{ meter_number: string; register: string }[]>('meter_number', 'register');
    return new Set(rows.map((r) => `${r.meter_number}\u0000${r.register}`));
  }

  /** One page of a register's reads after `after` (from it, when inclusive) up to `to`, with their quality. */
  async function pageOf(s: Span, after: number, inclusive: boolean, limit: number, withQuality: boolean) {
    const q = knex()(`${TABLES.meterReadings} as r`)
      .where({ 'r.meter_number': s.meter.meterNumber, 'r.register': s.register })
      .andWhere('r.reading_at', '<=', s.hi)
      .andWhere('r.reading_at', inclusive ? '>=' : '>', after)
      .orderBy('r.reading_at')
      .limit(limit);
    if (!withQuality) {
      const rows = await q.select<ValidatedRow[]>('r.id', 'r.reading_at', 'r.value', 'r.kind');
      for (const row of rows)
        Object.assign(row, { state: null, rule: null, message: null, effective_value: null });
      return rows;
    }
    return q
      .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
      .select<ValidatedRow[]>(
        'r.id',
        'r.reading_at',
        'r.value',
        'r.kind',
        'q.state',
        'q.rule',
        'q.message',
        'q.effective_value',
      );
  }

  /**
   * The look-backs of a batch of registers whose first new read is at `lo`: the reads in
   * [look-back start, lo) with their quality, in one query (four bindings a register).
   */
  async function lookbacks(
    batch: { meter: Meter; register: string; lo: number }[],
  ): Promise<LookbackRead[][]> {
    const spans = batch.map((b) => ({ ...b, hi: b.lo }));
    const starts = await lookbackStarts(spans);
    const rows = await knex()(`${TABLES.meterReadings} as r`)
      .leftJoin(`${QUALITY_TABLES.readingQuality} as q`, 'q.reading_id', 'r.id')
      .where((w) => {
        spans.forEach((s, i) => {
          void w.orWhere((x) => {
            void x
              .where({ 'r.meter_number': s.meter.meterNumber, 'r.register': s.register })
              .andWhere('r.reading_at', '>=', starts[i])
              .andWhere('r.reading_at', '<', s.lo);
          });
        });
      })
      .orderBy('r.reading_at')
      .select<(LookbackRead & { meter_number: string; register: string })[]>(
        'r.meter_number',
        'r.register',
        'r.id',
        'r.reading_at',
        'r.value',
        'r.kind',
        'q.state',
        'q.effective_value',
      );
    const index = new Map(spans.map((s, i) => [`${s.meter.meterNumber}\u0000${s.register}`, i]));
    const out: LookbackRead[][] = spans.map(() => []);
    for (const row of rows) {
      const i = index.get(`${row.meter_number}\u0000${row.register}`);
      if (i !== undefined) out[i].push(row);
    }
    return out;
  }

  /** Stores flags of readings just stored (no quality row yet), their ids looked up by key. */
  async function storeNew(flags: NewFlag[]) {
    const ids = new Map<string, number>();
    const key = (m: string, r: string, at: number) => `${m}\u0000${r}\u0000${at}`;
    for (let i = 0; i < flags.length; i += FLAG_LOOKUP) {
      const part = flags.slice(i, i + FLAG_LOOKUP);
      const rows = await knex()(TABLES.meterReadings)
        .where((w) => {
          for (const f of part)
            void w.orWhere({ meter_number: f.meterNumber, register: f.register, reading_at: f.at });
        })
        .select<
          { id: number | string; meter_number: string; register: string; reading_at: number | string }[]
        >('id', 'meter_number', 'register', 'reading_at');
      for (const r of rows) ids.set(key(r.meter_number, r.register, Number(r.reading_at)), Number(r.id));
    }
    const byRegister = new Map<string, { meterNumber: string; register: string; flags: NewFlag[] }>();
    for (const f of flags) {
      const id = ids.get(key(f.meterNumber, f.register, f.at));
      // Gone meanwhile (deleted with its log): nothing to flag.
      if (id === undefined) continue;
      f.flag.readingId = id;
      const k = `${f.meterNumber}\u0000${f.register}`;
      let entry = byRegister.get(k);
      if (!entry)
        byRegister.set(k, (entry = { meterNumber: f.meterNumber, register: f.register, flags: [] }));
      entry.flags.push(f);
    }
    for (const { meterNumber, register, flags: mine } of byRegister.values())
      await store(
        meterNumber,
        register,
        mine.map(({ flag }) => ({ flag, row: { state: null } as ValidatedRow })),
        [],
      );
  }

  /** The spans of a file's registers, as stored (the readings the file stored, by register). */
  async function storedSpans(logId: number): Promise<FileSpan[]> {
    type Row = { meter_number: string; register: string; lo: number | string; hi: number | string };
    const spans = await knex()(TABLES.meterReadings)
      .where({ source_log_id: logId })
      .groupBy('meter_number', 'register')
      .orderBy([{ column: 'meter_number' }, { column: 'register' }])
      .select('meter_number', 'register')
      .min({ lo: 'reading_at' })
      .max<Row[]>({ hi: 'reading_at' });
    return spans.map((s) => ({ ...s, lo: Number(s.lo), hi: Number(s.hi) }));
  }

  /**
   * Validates a batch of registers' reads in [lo, hi] (both included) and stores the
   * verdicts: one query for the batch's look-backs and one for which of them have quality
   * rows, then each register's reads in keyset pages.
   */
  async function validateBatch(batch: Span[]): Promise<RunCounts> {
    const counts: RunCounts = { registers: batch.length, checked: 0, flagged: 0, cleared: 0 };
    const starts = await lookbackStarts(batch);
    const withQuality = await registersWithQuality(batch);
    for (let i = 0; i < batch.length; i++) {
      const s = batch[i];
      const joined = withQuality.has(`${s.meter.meterNumber}\u0000${s.register}`);
      let rows = await pageOf(s, starts[i], true, PAGE, joined);
      let validator: RegisterValidator | null = null;
      while (rows.length) {
        validator ??= new RegisterValidator({
          rules: s.meter.rules,
          kind: rows[0].kind === 'interval' ? 'interval' : 'cumulative',
          rolloverAt: s.meter.rolloverAt,
          flagFrom: s.lo,
          occupied: s.meter.occupied,
        });
        const c = await judgePage(s, validator, rows);
        counts.checked += c.checked;
        counts.flagged += c.flagged;
        counts.cleared += c.cleared;
        if (rows.length < PAGE) break;
        rows = await pageOf(s, Number(rows[rows.length - 1].reading_at), false, PAGE, joined);
      }
    }
    return counts;
  }

  /** Runs one page of a register's reads through its validator and stores the verdicts. */
  async function judgePage(s: Span, validator: RegisterValidator, rows: ValidatedRow[]) {
    const flags: { flag: ReadingFlag; row: ValidatedRow }[] = [];
    const clear: ValidatedRow[] = [];
    let checked = 0;
    for (const row of rows) {
      const value = amountOf(row.effective_value ?? row.value);
      const at = Number(row.reading_at);
      // A value no decimal parser reads can't be judged; it stays as it is (charging reports it).
      if (!value) continue;
      const flag = validator.add({
        id: Number(row.id),
        at,
        value,
        state: row.state ?? 'valid',
      });
      if (at < s.lo) continue;
      checked++;
      if (flag) flags.push({ flag, row });
      // The sum check's flags are its own to clear (sum-checks.ts).
      else if (row.state === 'suspect' && row.rule !== 'sum-check') clear.push(row);
    }
    await store(s.meter.meterNumber, s.register, flags, clear);
    return { checked, flagged: flags.length, cleared: clear.length };
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
    // Spans come sorted by meter: one batch of meters is loaded at a time, its registers
    // validated REGISTER_BATCH at a time.
    for (let i = 0; i < spans.length;) {
      const numbers: string[] = [];
      let end = i;
      for (; end < spans.length; end++) {
        const n = spans[end].meter_number;
        if (numbers[numbers.length - 1] === n) continue;
        if (numbers.length === METER_BATCH) break;
        numbers.push(n);
      }
      const meters = await metersOf(numbers, settings);
      for (let j = i; j < end; j += REGISTER_BATCH) {
        const batch = spans
          .slice(j, Math.min(j + REGISTER_BATCH, end))
          .map((s) => ({ meter: meters.get(s.meter_number)!, register: s.register, lo: s.lo, hi: s.hi }));
        const c = await validateBatch(batch);
        for (const k of Object.keys(total) as (keyof RunCounts)[]) total[k] += c[k];
      }
      i = end;
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

    /**
     * Opens the validation of a file about to be stored (the ingestion pipeline hands it
     * its new readings); null when the rules do not run after each file.
     */
    async openFile(logId: number): Promise<FileValidationHandle | null> {
      const settings = await getService(strapi, 'validation-settings').get();
      if (settings.afterEachFile === false) return null;
      return new FileValidation<Meter>({
        meters: async (numbers) => {
          const out = new Map<string, Meter>();
          for (let i = 0; i < numbers.length; i += METER_BATCH)
            for (const [n, m] of await metersOf(numbers.slice(i, i + METER_BATCH), settings)) out.set(n, m);
          return out;
        },
        optionsOf: (m) => ({ rules: m.rules, rolloverAt: m.rolloverAt, occupied: m.occupied }),
        lookbacks,
        batchSize: REGISTER_BATCH,
        storeNew,
        validateSpans,
        sumCheck: (spans) => getService(strapi, 'sum-checks').afterSpans(spans),
        storedSpans: () => storedSpans(logId),
        warn: (message) => strapi.log.warn(message),
      });
    },

    /**
     * After a file is stored: its registers, over the span of the file's readings. With
     * the file's validation handle (the readings validated as they were stored), only
     * what that could not do; without it (a resumed file, a failed one), all from the
     * database.
     */
    async afterFileStored(logId: number, file?: FileValidationHandle | null): Promise<RunCounts | null> {
      if (file?.usable) return file.finish();
      if ((await getService(strapi, 'validation-settings').get()).afterEachFile === false) return null;
      const parsed = await storedSpans(logId);
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
