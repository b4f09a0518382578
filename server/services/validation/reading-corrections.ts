import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { parseDecimal } from '../../../src/charging/decimal';
import { conflict, DomainError, invalid, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import {
  applyAction,
  correctionSchema,
  fillSchema,
  QUALITY_STATES,
  refusalOf,
  undoSchema,
  type Correction,
  type Quality,
} from '../../../src/validation/corrections';
import {
  estimate,
  isEstimateFailure,
  type EstimationMethod,
  type GoodRead,
} from '../../../src/validation/estimation';
import {
  MAX_FILL,
  fillGap,
  isGapFailure,
  missingInstants,
  usualSpacing,
  type GapFailure,
} from '../../../src/validation/gap-fill';
import { RULE_IDS } from '../../../src/validation/rule-config';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { isUniqueViolation } from '../../http/db-errors';
import { pluginConfig } from '../billing/billing-support';
import type { QualityState } from '../../../src/validation/register-validator';

/**
 * The correction queue: flagged readings listed and grouped, one reading with its raw
 * value, quality and audit trail, and the actions on them (accept, edit, estimate,
 * undo). The raw reading row is never written; the quality row and an audit entry are,
 * in one transaction per request. A reading billed by a finalized charge run is not
 * corrected here (409): that bill is corrected through a credit note.
 */
type User =
  | { id?: number | string; firstname?: string | null; lastname?: string | null; email?: string | null }
  | null
  | undefined;
type Knex = Core.Strapi['db']['connection'];
/** A reading joined with its quality row (the q.* columns are null without one). */
type ReadingRow = {
  id: number | string;
  meter_number: string;
  register: string;
  reading_at: number | string;
  value: string;
  kind: string;
  device_ref: string | null;
  state: QualityState | null;
  rule: string | null;
  severity: string | null;
  message: string | null;
  effective_value: string | null;
  method: string | null;
};
type EditRow = {
  id: number | string;
  action: string;
  before_state: QualityState;
  before_value: string | null;
  before_method: EstimationMethod | null;
  after_state: QualityState;
  after_value: string | null;
  after_method: string | null;
  rule: string | null;
  reason: string | null;
  user_name: string | null;
  undoes: number | string | null;
  at: number | string;
};
type RunRow = {
  documentId: string;
  periodStart: string;
  periodEnd: string;
  billingPointRefs: string[] | null;
};
type InstallationRow = { billingPointRef: string; fromDate: string; toDate: string | null };
type Outcome = {
  reading: number;
  outcome: 'done' | 'refused' | 'not-found';
  code?: string;
  message?: string;
};

const DAY = 86_400_000;
/** Reads either side of a reading on its chart. */
const CHART_READS = 20;
const PERSON_ACTIONS = ['accept', 'edit', 'estimate', 'fill'];
/** The file quality mark of a read a gap fill created (as NEM12's E: estimated). */
const FILLED = 'E';

const userName = (user: User) =>
  user
    ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || `admin ${user.id ?? ''}`
    : null;

const toQuality = (r: ReadingRow) => ({
  state: (r.state ?? 'valid') as string,
  rule: r.rule ?? null,
  severity: r.severity ?? null,
  message: r.message ?? null,
  method: r.method ?? null,
});

const toEdit = (e: EditRow) => ({
  id: Number(e.id),
  action: e.action,
  before: { state: e.before_state, value: e.before_value ?? null, method: e.before_method ?? null },
  after: { state: e.after_state, value: e.after_value ?? null, method: e.after_method ?? null },
  rule: e.rule ?? null,
  reason: e.reason ?? null,
  user: e.user_name ?? null,
  undoes: e.undoes === null || e.undoes === undefined ? null : Number(e.undoes),
  at: new Date(Number(e.at)).toISOString(),
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const zone = () => pluginConfig(strapi).defaultTimezone;

  const joined = (db: Knex = knex()) =>
    db(`${TABLES.meterReadings} as r`).leftJoin(
      `${QUALITY_TABLES.readingQuality} as q`,
      'q.reading_id',
      'r.id',
    );
  const READING_COLUMNS = [
    'r.id',
    'r.meter_number',
    'r.register',
    'r.reading_at',
    'r.value',
    'r.kind',
    'r.device_ref',
    'q.state',
    'q.rule',
    'q.severity',
    'q.message',
    'q.effective_value',
    'q.method',
  ];

  const toReading = (r: ReadingRow) => ({
    id: Number(r.id),
    meterNumber: r.meter_number,
    register: r.register,
    readingAt: new Date(Number(r.reading_at)).toISOString(),
    kind: r.kind,
    rawValue: r.value,
    effectiveValue: r.effective_value ?? r.value,
    ...toQuality(r),
  });

  /** The finalized charge run whose period this reading closes or lies in, for a billing point its meter was at. */
  async function finalRunOf(reading: ReadingRow): Promise<RunRow | null> {
    if (!reading.device_ref) return null;
    const ms = Number(reading.reading_at);
    const day = DateTime.fromMillis(ms, { zone: zone() }).toISODate()!;
    // A read at 00:00 closes the day before: it counts for a period ending then too.
    const dayBefore = DateTime.fromMillis(ms - 1, { zone: zone() }).toISODate()!;
    const runs = (await strapi.documents(UID.chargeRun).findMany({
      filters: { status: 'finalized', periodStart: { $lte: day }, periodEnd: { $gte: dayBefore } },
      fields: ['periodStart', 'periodEnd', 'billingPointRefs'],
    })) as RunRow[];
    if (runs.length === 0) return null;
    const installations = (await strapi.documents(UID.meterInstallation).findMany({
      filters: { deviceRef: reading.device_ref },
    })) as InstallationRow[];
    const points = new Set(
      installations
        .filter((i) => i.fromDate <= day && (!i.toDate || i.toDate >= dayBefore))
        .map((i) => i.billingPointRef),
    );
    return runs.find((run) => (run.billingPointRefs ?? []).some((p) => points.has(p))) ?? null;
  }

  const billedError = (reading: ReadingRow, run: RunRow) =>
    conflict(
      `Reading ${reading.id} was billed by the finalized charge run ${run.documentId} (${run.periodStart}…${run.periodEnd}); correct that bill through a credit note`,
      {},
      'reading-billed-final',
      { reading: Number(reading.id), run: run.documentId },
    );

  /** Good reads of the register around the instants the estimation methods look at. */
  async function historyFor(db: Knex, reading: ReadingRow, since?: number): Promise<GoodRead[]> {
    const at = Number(reading.reading_at);
    // A gap fill starts at the read before the gap, however long ago that was.
    const from = Math.min(since ?? at, at);
    const yearAgo = (ms: number) => DateTime.fromMillis(ms, { zone: zone() }).minus({ years: 1 }).toMillis();
    const windows: [number, number][] = [
      [from - 70 * DAY, at + 70 * DAY],
      [yearAgo(from) - 70 * DAY, yearAgo(at) + 7 * DAY],
    ];
    const reads = new Map<number, GoodRead>();
    for (const [lo, hi] of windows) {
      const rows = await joined(db)
        .where({ 'r.meter_number': reading.meter_number, 'r.register': reading.register })
        .whereBetween('r.reading_at', [lo, hi])
        .andWhereNot('r.id', reading.id)
        .andWhere((w) => {
          void w.whereNull('q.state').orWhereNot('q.state', 'suspect');
        })
        .select<Pick<ReadingRow, 'reading_at' | 'value' | 'effective_value'>[]>(
          'r.reading_at',
          'r.value',
          'q.effective_value',
        );
      for (const r of rows) {
        const value = parseDecimal(r.effective_value ?? r.value);
        if (value) reads.set(Number(r.reading_at), { at: Number(r.reading_at), value });
      }
    }
    return [...reads.values()].sort((a, b) => a.at - b.at);
  }

  async function writeQuality(
    db: Knex,
    reading: ReadingRow,
    after: Quality,
    entry: { action: string; reason: string | null; user: User; undoes?: number | null },
  ) {
    const now = Date.now();
    if (after.state === 'valid')
      await db(QUALITY_TABLES.readingQuality).where({ reading_id: reading.id }).delete();
    else if (reading.state)
      await db(QUALITY_TABLES.readingQuality).where({ reading_id: reading.id }).update({
        state: after.state,
        effective_value: after.effectiveValue,
        method: after.method,
        updated_at: now,
      });
    else
      await db(QUALITY_TABLES.readingQuality).insert({
        reading_id: reading.id,
        meter_number: reading.meter_number,
        register: reading.register,
        reading_at: reading.reading_at,
        state: after.state,
        effective_value: after.effectiveValue,
        method: after.method,
        updated_at: now,
      });
    await db(QUALITY_TABLES.readingEdits).insert({
      reading_id: reading.id,
      action: entry.action,
      before_state: reading.state ?? 'valid',
      before_value: reading.effective_value ?? null,
      before_method: reading.method ?? null,
      after_state: after.state,
      after_value: after.effectiveValue,
      after_method: after.method,
      rule: reading.rule ?? null,
      reason: entry.reason,
      user_id: entry.user?.id === undefined ? null : String(entry.user.id),
      user_name: userName(entry.user),
      undoes: entry.undoes ?? null,
      at: now,
    });
  }

  type Planned = { reading: ReadingRow; after: Quality; reason: string | null } | { refused: Outcome };

  /**
   * What an action would do to one reading, decided outside the write transaction: the
   * checks read through Strapi's document service, which on SQLite would wait for the
   * transaction's own connection. The transaction then re-reads the quality row and
   * refuses the reading if someone changed it in between.
   */
  async function plan(body: Correction, id: number): Promise<Planned> {
    const [reading] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
    if (!reading)
      return {
        refused: {
          reading: id,
          outcome: 'not-found',
          code: 'not-found',
          message: `Reading ${id} was not found`,
        },
      };
    const state = reading.state ?? 'valid';
    const refusal = refusalOf(body.action, state);
    if (refusal)
      return { refused: { reading: id, outcome: 'refused', code: 'not-suspect', message: refusal } };
    const run = await finalRunOf(reading);
    if (run)
      return {
        refused: {
          reading: id,
          outcome: 'refused',
          code: 'reading-billed-final',
          message: billedError(reading, run).message,
        },
      };
    let value: string | null = body.value ?? null;
    let reason = body.reason;
    if (body.action === 'estimate') {
      const result = estimate(
        body.method as EstimationMethod,
        await historyFor(knex(), reading),
        Number(reading.reading_at),
        zone(),
        reading.kind === 'interval' ? 'interval' : 'cumulative',
      );
      if (isEstimateFailure(result))
        return { refused: { reading: id, outcome: 'refused', code: result.code, message: result.message } };
      value = result.value.toString();
      reason = reason ?? result.basis;
    }
    return {
      reading,
      after: applyAction(body.action, value, body.method ?? null),
      reason,
    };
  }

  /** Writes a planned change inside `db`, unless the reading's quality changed since it was planned. */
  async function commitPlanned(
    db: Knex,
    p: Planned,
    action: string,
    user: User,
    undoes?: number,
  ): Promise<Outcome> {
    if ('refused' in p) return p.refused;
    const id = Number(p.reading.id);
    const [now] = await db(QUALITY_TABLES.readingQuality)
      .where({ reading_id: id })
      .select<Pick<ReadingRow, 'state' | 'effective_value'>[]>('state', 'effective_value');
    if (
      (now?.state ?? null) !== (p.reading.state ?? null) ||
      (now?.effective_value ?? null) !== (p.reading.effective_value ?? null)
    )
      return {
        reading: id,
        outcome: 'refused',
        code: 'changed-meanwhile',
        message: `Reading ${id} was changed meanwhile; reload it`,
      };
    await writeQuality(db, p.reading, p.after, { action, reason: p.reason, user, undoes });
    return { reading: id, outcome: 'done' };
  }

  /** The reads a gap fill created before `reading` (newest first), each still as it was filled. */
  async function filledBefore(reading: ReadingRow): Promise<{ id: number; state: string | null }[]> {
    type FillRow = {
      id: number | string;
      quality: string | null;
      source_log_id: number | string | null;
      state: string | null;
    };
    const rows = await joined()
      .where({ 'r.meter_number': reading.meter_number, 'r.register': reading.register })
      .andWhere('r.reading_at', '<', reading.reading_at)
      .orderBy('r.reading_at', 'desc')
      .limit(MAX_FILL + 1)
      .select<FillRow[]>('r.id', 'r.quality', 'r.source_log_id', 'q.state');
    const run: { id: number; state: string | null }[] = [];
    for (const r of rows) {
      // Filled reads are the ones no file brought, marked E; the first other read ends the gap.
      if (r.quality !== FILLED || r.source_log_id !== null) break;
      run.push({ id: Number(r.id), state: r.state });
    }
    if (run.length === 0) return run;
    const filled = new Set<number>();
    for (let i = 0; i < run.length; i += 500) {
      const ids = run.slice(i, i + 500).map((r) => r.id);
      const entries = await knex()(QUALITY_TABLES.readingEdits)
        .whereIn('reading_id', ids)
        .andWhere({ action: 'fill' })
        .select<{ reading_id: number | string }[]>('reading_id');
      for (const e of entries) filled.add(Number(e.reading_id));
    }
    return run.filter((r) => filled.has(r.id));
  }

  const gapError = (f: GapFailure, id: number) =>
    f.code === 'no-gap'
      ? conflict(f.message, {}, f.code, { reading: id })
      : invalid(f.message, [{ path: ['method'], message: f.message }], f.code, { reading: id });

  return {
    /** `GET /validation/queue`: flagged (or, with ?state, otherwise marked) readings, oldest first per meter. */
    async queue(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['readingAt'],
        defaultSort: [{ field: 'readingAt', direction: 'asc' }],
        filters: ['state', 'rule', 'meterNumber'],
      });
      const state = typeof query.state === 'string' && query.state ? query.state : 'suspect';
      if (!(QUALITY_STATES as readonly string[]).includes(state) || state === 'valid')
        throw invalidField('state', `state must be one of suspect, estimated, edited, accepted`);
      const rule = typeof query.rule === 'string' && query.rule ? query.rule : undefined;
      if (rule && !(RULE_IDS as readonly string[]).includes(rule))
        throw invalidField('rule', `rule must be one of ${RULE_IDS.join(', ')}`);
      const meter =
        typeof query.meterNumber === 'string' && query.meterNumber
          ? query.meterNumber.slice(0, 64)
          : undefined;
      const base = () => {
        const q = knex()(`${QUALITY_TABLES.readingQuality} as q`)
          .join(`${TABLES.meterReadings} as r`, 'r.id', 'q.reading_id')
          .where('q.state', state);
        if (rule) q.andWhere('q.rule', rule);
        if (meter) q.andWhere('q.meter_number', meter);
        return q;
      };
      const [rows, [{ n }], groups] = await Promise.all([
        base()
          .orderBy([
            { column: 'q.meter_number' },
            { column: 'q.register' },
            { column: 'q.reading_at', order: list.sort[0].direction },
          ])
          .limit(list.pageSize)
          .offset((list.page - 1) * list.pageSize)
          .select(READING_COLUMNS),
        base().count({ n: '*' }),
        base()
          .groupBy('q.meter_number', 'q.rule')
          .orderBy([{ column: 'q.meter_number' }, { column: 'q.rule' }])
          .limit(200)
          .select('q.meter_number', 'q.rule')
          .count({ n: '*' }),
      ]);
      return {
        data: (rows as ReadingRow[]).map(toReading),
        meta: {
          ...paginationMeta(list, Number(n)),
          groups: (groups as { meter_number: string; rule: string; n: number | string }[]).map((g) => ({
            meterNumber: g.meter_number,
            rule: g.rule,
            count: Number(g.n),
          })),
        },
      };
    },

    /** `GET /validation/readings/:id`: the reading, its raw and effective value, its audit trail and its neighbours. */
    async reading(idParam: string) {
      const id = Number(idParam);
      if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Reading', String(idParam).slice(0, 40));
      const [reading] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
      if (!reading) throw notFound('Reading', String(id));
      const around = (dir: 'before' | 'after') =>
        joined()
          .where({ 'r.meter_number': reading.meter_number, 'r.register': reading.register })
          .andWhere('r.reading_at', dir === 'before' ? '<' : '>', reading.reading_at)
          .orderBy('r.reading_at', dir === 'before' ? 'desc' : 'asc')
          .limit(CHART_READS)
          .select(READING_COLUMNS);
      const [before, after, edits] = await Promise.all([
        around('before'),
        around('after'),
        knex()(QUALITY_TABLES.readingEdits)
          .where({ reading_id: id })
          .orderBy('id', 'desc')
          .limit(200)
          .select('*'),
      ]);
      return {
        ...toReading(reading),
        history: (edits as EditRow[]).map(toEdit),
        neighbours: [...(before as ReadingRow[]).reverse(), reading, ...(after as ReadingRow[])].map(
          toReading,
        ),
      };
    },

    /** `POST /validation/corrections`: accept, edit or estimate one reading or a selection, in one transaction. */
    async correct(body: unknown, user: User) {
      const parsed = parseInput(correctionSchema, body);
      const planned: Planned[] = [];
      for (const id of parsed.readings) planned.push(await plan(parsed, id));
      const outcomes = await knex().transaction(async (trx) => {
        const out: Outcome[] = [];
        for (const p of planned) out.push(await commitPlanned(trx, p, parsed.action, user));
        // One reading named and refused: the whole request is the refusal.
        if (out.length === 1 && out[0].outcome !== 'done') throw refusalError(out[0]);
        return out;
      });
      return {
        data: outcomes,
        meta: {
          done: outcomes.filter((o) => o.outcome === 'done').length,
          refused: outcomes.filter((o) => o.outcome !== 'done').length,
        },
      };
    },

    /**
     * `POST /validation/readings/:id/fill`: the reads missing before this one, estimated
     * with one method and stored as estimated reads (marked E, no file); the read after
     * the gap is accepted. Undo on that read removes them again.
     */
    async fill(idParam: string, body: unknown, user: User) {
      const { method, reason } = parseInput(fillSchema, body ?? {});
      const id = Number(idParam);
      if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Reading', String(idParam).slice(0, 40));
      const [reading] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
      if (!reading) throw notFound('Reading', String(id));
      const at = Number(reading.reading_at);
      const previous = await knex()(TABLES.meterReadings)
        .where({ meter_number: reading.meter_number, register: reading.register })
        .andWhere('reading_at', '<', at)
        .orderBy('reading_at', 'desc')
        .limit(15)
        .select<{ reading_at: number | string }[]>('reading_at');
      const times = previous.map((r) => Number(r.reading_at)).reverse();
      const spacing = usualSpacing(times);
      if (spacing === null)
        throw gapError(
          {
            code: 'no-rhythm',
            message: 'At least three reads before the gap are needed to know how often the meter is read',
          },
          id,
        );
      const instants = missingInstants(times[times.length - 1], at, spacing, zone());
      if (isGapFailure(instants)) throw gapError(instants, id);
      const run = await finalRunOf(reading);
      if (run) throw billedError(reading, run);
      const history = await historyFor(knex(), reading, times[times.length - 1]);
      const own = parseDecimal(reading.effective_value ?? reading.value);
      if (own) history.push({ at, value: own });
      history.sort((a, b) => a.at - b.at);
      const kind = reading.kind === 'interval' ? 'interval' : 'cumulative';
      const filled = fillGap(method, history, instants, zone(), kind);
      if (isGapFailure(filled)) throw gapError(filled, id);
      const why =
        reason ?? `${filled.length} missing read${filled.length === 1 ? '' : 's'} estimated (${method})`;
      const after: Quality =
        reading.state === 'suspect'
          ? { state: 'accepted', effectiveValue: null, method: null }
          : {
              state: reading.state ?? 'valid',
              effectiveValue: reading.effective_value ?? null,
              method: (reading.method as EstimationMethod | null) ?? null,
            };
      const [{ unit }] = await knex()(TABLES.meterReadings)
        .where({ id })
        .select<{ unit: string | null }[]>('unit');
      const now = Date.now();
      try {
        await knex().transaction(async (trx) => {
          const outcome = await commitPlanned(trx, { reading, after, reason: why }, 'fill', user);
          if (outcome.outcome !== 'done') throw refusalError(outcome);
          for (let i = 0; i < filled.length; i += 500) {
            const part = filled.slice(i, i + 500);
            await trx(TABLES.meterReadings).insert(
              part.map((f) => ({
                meter_number: reading.meter_number,
                register: reading.register,
                reading_at: f.at,
                value: f.value,
                kind,
                unit,
                quality: FILLED,
                device_ref: reading.device_ref,
                source_log_id: null,
                created_at: now,
              })),
            );
            const ids = await trx(TABLES.meterReadings)
              .where({ meter_number: reading.meter_number, register: reading.register })
              .whereIn(
                'reading_at',
                part.map((f) => f.at),
              )
              .select<{ id: number | string; reading_at: number | string }[]>('id', 'reading_at');
            const idAt = new Map(ids.map((r) => [Number(r.reading_at), r.id]));
            await trx(QUALITY_TABLES.readingQuality).insert(
              part.map((f) => ({
                reading_id: idAt.get(f.at),
                meter_number: reading.meter_number,
                register: reading.register,
                reading_at: f.at,
                state: 'estimated',
                rule: reading.rule === 'gap' ? 'gap' : null,
                severity: null,
                message: null,
                effective_value: f.value,
                method,
                updated_at: now,
              })),
            );
            await trx(QUALITY_TABLES.readingEdits).insert(
              part.map((f) => ({
                reading_id: idAt.get(f.at),
                action: 'fill',
                before_state: 'valid',
                after_state: 'estimated',
                after_value: f.value,
                after_method: method,
                rule: reading.rule === 'gap' ? 'gap' : null,
                reason: `${why}: ${f.basis}`.slice(0, 1000),
                user_id: user?.id === undefined ? null : String(user.id),
                user_name: userName(user),
                at: now,
              })),
            );
          }
        });
      } catch (error) {
        // A read arrived in the gap meanwhile.
        if (isUniqueViolation(error))
          throw conflict(
            `Reading ${id}: a read arrived in the gap meanwhile; reload it`,
            {},
            'changed-meanwhile',
            {
              reading: id,
            },
          );
        throw error;
      }
      const [now2] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
      return {
        ...toReading(now2),
        filled: filled.map((f) => ({ readingAt: new Date(f.at).toISOString(), value: f.value, method })),
      };
    },

    /** `POST /validation/readings/:id/undo`: reverts the latest person's action on the reading. */
    async undo(idParam: string, body: unknown, user: User) {
      const { reason } = parseInput(undoSchema, body ?? {});
      const id = Number(idParam);
      if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Reading', String(idParam).slice(0, 40));
      const [reading] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
      if (!reading) throw notFound('Reading', String(id));
      const edits = (await knex()(QUALITY_TABLES.readingEdits)
        .where({ reading_id: id })
        .whereIn('action', [...PERSON_ACTIONS, 'undo'])
        .orderBy('id', 'desc')
        .select('*')) as EditRow[];
      const undone = new Set(edits.filter((e) => e.action === 'undo').map((e) => Number(e.undoes)));
      const last = edits.find((e) => e.action !== 'undo' && !undone.has(Number(e.id)));
      // Only the latest action is undone, and only while it is still the reading's state.
      if (
        !last ||
        last.after_state !== (reading.state ?? 'valid') ||
        (last.after_value ?? null) !== (reading.effective_value ?? null)
      )
        throw conflict(`Reading ${id} has no action to undo`, {}, 'nothing-to-undo', { reading: id });
      const run = await finalRunOf(reading);
      if (run) throw billedError(reading, run);
      const after: Quality = {
        state: last.before_state,
        effectiveValue: last.before_value ?? null,
        method: last.before_method ?? null,
      };
      const filled = last.action === 'fill' ? await filledBefore(reading) : [];
      const changed = filled.find((f) => f.state !== 'estimated');
      if (changed)
        throw conflict(
          `Filled reading ${changed.id} was changed since the fill; undo that first`,
          {},
          'changed-meanwhile',
          { reading: changed.id },
        );
      const outcome = await knex().transaction(async (trx) => {
        const done = await commitPlanned(
          trx as Knex,
          { reading, after, reason: reason || null },
          'undo',
          user,
          Number(last.id),
        );
        if (done.outcome !== 'done') return done;
        // Undoing a fill removes the reads it created; their audit entries stay, with an undo each.
        for (let i = 0; i < filled.length; i += 500) {
          const ids = filled.slice(i, i + 500).map((f) => f.id);
          await trx(QUALITY_TABLES.readingQuality).whereIn('reading_id', ids).delete();
          await trx(TABLES.meterReadings).whereIn('id', ids).delete();
          await trx(QUALITY_TABLES.readingEdits).insert(
            ids.map((fid) => ({
              reading_id: fid,
              action: 'undo',
              before_state: 'estimated',
              after_state: 'removed',
              reason: `Fill undone on reading ${id}`,
              user_id: user?.id === undefined ? null : String(user.id),
              user_name: userName(user),
              at: Date.now(),
            })),
          );
        }
        return done;
      });
      if (outcome.outcome !== 'done') throw refusalError(outcome);
      const [now] = await joined().where('r.id', id).select<ReadingRow[]>(READING_COLUMNS);
      return toReading(now);
    },
  };
};

function refusalError(o: Outcome): DomainError {
  const params = { reading: o.reading };
  if (o.outcome === 'not-found') return notFound('Reading', String(o.reading));
  if (o.code === 'reading-billed-final' || o.code === 'not-suspect' || o.code === 'changed-meanwhile')
    return conflict(o.message!, {}, o.code, params);
  return invalid(o.message!, [{ path: ['readings', '0'], message: o.message! }], o.code, params);
}
