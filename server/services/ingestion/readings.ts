import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { invalidField } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseInstantParam } from '../../../src/ingestion/consumption-range';
import { ROW_OUTCOMES } from '../../../src/ingestion/row-outcome';
import type { PluginConfig } from '../../config';
import { UID } from '../../../content-types';
import type { Knex } from 'knex';
import type { MeterReadingRow } from '../../database/rows';
import { TABLES } from '../../database/bulk-tables';
import { getService } from '../../plugin';

const LOGS_TABLE = 'utilities_ingestion_logs';
const LEGACY_NOTE = 'Reconstructed from stored meter readings (legacy log)';

const toReading = (r: MeterReadingRow) => ({
  meterNumber: r.meter_number,
  register: r.register,
  readingAt: new Date(Number(r.reading_at)).toISOString(),
  value: r.value,
  kind: r.kind,
  unit: r.unit ?? null,
  quality: r.quality ?? null,
  linked: r.device_ref !== null,
});

/** Readings of a device over time, and the row details of a log. (Consumption series: consumption.ts.) */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const zone = () => strapi.config.get<PluginConfig>('plugin::utilities').defaultTimezone;

  function range(query: Record<string, unknown>) {
    const from = parseInstantParam('from', query.from, zone());
    const to = parseInstantParam('to', query.to, zone());
    if (from !== undefined && to !== undefined && from >= to)
      throw invalidField('to', 'to must be after from');
    const register =
      typeof query.register === 'string' && query.register ? query.register.slice(0, 32) : undefined;
    return { from, to, register };
  }

  function readingsOf(documentId: string, r: ReturnType<typeof range>) {
    const q = knex()(TABLES.meterReadings).where({ device_ref: documentId });
    if (r.register) q.andWhere({ register: r.register });
    if (r.from !== undefined) q.andWhere('reading_at', '>=', r.from);
    if (r.to !== undefined) q.andWhere('reading_at', '<', r.to);
    return q;
  }

  return {
    async deviceReadings(documentId: string, query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['readingAt'],
        defaultSort: [{ field: 'readingAt', direction: 'desc' }],
        filters: ['from', 'to', 'register'],
      });
      const r = range(query);
      await getService(strapi, 'devices').findOrFail(documentId);
      const [rows, [{ n }]] = await Promise.all([
        readingsOf(documentId, r)
          .clone()
          .orderBy([{ column: 'reading_at', order: list.sort[0].direction }, { column: 'register' }])
          .limit(list.pageSize)
          .offset((list.page - 1) * list.pageSize)
          .select('*'),
        readingsOf(documentId, r).clone().count({ n: '*' }),
      ]);
      return { data: rows.map(toReading), meta: paginationMeta(list, Number(n)) };
    },

    async logRows(documentId: string, query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['rowNumber'],
        defaultSort: [{ field: 'rowNumber', direction: 'asc' }],
        filters: ['outcome'],
      });
      const log = await getService(strapi, 'ingestion-logs').get(documentId);
      const outcomes =
        typeof query.outcome === 'string' && query.outcome ? query.outcome.split(',') : undefined;
      const bad = outcomes?.find((o) => !(ROW_OUTCOMES as readonly string[]).includes(o));
      if (bad)
        throw invalidField(
          'outcome',
          `outcome must be any of ${ROW_OUTCOMES.join(', ')} (got "${bad.slice(0, 20)}")`,
        );
      const [{ id }] = await knex()(LOGS_TABLE)
        .where({ document_id: documentId })
        .select<{ id: number }[]>('id');
      // A stored reading is its row's "inserted" outcome (ingestion.ts); every other row has
      // an outcome row. (Logs written before that have "inserted" outcome rows too.)
      const recorded = () => {
        const q = knex()(TABLES.ingestionRows).where({ log_id: id });
        if (outcomes) q.whereIn('outcome', outcomes);
        return q;
      };
      const withInserted = !outcomes || outcomes.includes('inserted');
      const stored = () =>
        knex()(TABLES.meterReadings).where({ source_log_id: id }).whereNotNull('source_row');
      const k = knex();
      // Untyped on purpose: a reading read back in the shape of an outcome row, for the union.
      const storedAsRows: Knex.QueryBuilder = stored().select(
        'source_row as row_number',
        'source_line as line',
        k.raw('null as record_type'),
        k.raw("'inserted' as outcome"),
        'meter_number',
        'register',
        'reading_at',
        'value',
        k.raw('null as stored_value'),
        k.raw("case when device_ref is null then 'unlinked' else 'linked' end as link_status"),
        k.raw('null as error'),
      );
      const recordedRows = recorded().select(
        'row_number',
        'line',
        'record_type',
        'outcome',
        'meter_number',
        'register',
        'reading_at',
        'value',
        'stored_value',
        'link_status',
        'error',
      );
      // Unparenthesised: SQLite reads no parentheses around a compound SELECT's terms.
      const page = (withInserted ? recordedRows.unionAll([storedAsRows]) : recordedRows).as('o');
      const [rows, [{ n }], [{ n: inserted }]] = await Promise.all([
        k
          .select('*')
          .from(page)
          .orderBy('row_number', list.sort[0].direction)
          .limit(list.pageSize)
          .offset((list.page - 1) * list.pageSize),
        recorded().count({ n: '*' }),
        withInserted ? stored().count({ n: '*' }) : [{ n: 0 }],
      ]);
      return {
        data: rows.map((r: Record<string, unknown>) => ({
          rowNumber: Number(r.row_number),
          line: r.line === null ? null : Number(r.line),
          recordType: r.record_type ?? null,
          outcome: r.outcome,
          meterNumber: r.meter_number ?? null,
          register: r.register ?? null,
          readingAt: r.reading_at === null ? null : new Date(Number(r.reading_at)).toISOString(),
          value: r.value ?? null,
          storedValue: r.stored_value ?? null,
          linkStatus: r.link_status ?? null,
          error: r.error ?? null,
        })),
        meta: {
          ...paginationMeta(list, Number(n) + Number(inserted)),
          legacy: Boolean(log.legacy),
          ...(log.legacy ? { note: LEGACY_NOTE } : {}),
        },
      };
    },

    /**
     * Readings stored without any log (bulk-imported history) get a legacy log per month,
     * so the ingestion log accounts for every reading. Re-pulling such a file later gives
     * its readings full row outcomes (see ingestion.ts).
     */
    async reconstructLegacyLogs() {
      const months = (
        await knex()(TABLES.meterReadings)
          .whereNull('source_log_id')
          .select<{ reading_at: number | string }[]>('reading_at')
      ).reduce((acc: Map<string, number[]>, r) => {
        const ms = Number(r.reading_at);
        const key = DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM');
        const bucket = acc.get(key) ?? [Infinity, -Infinity, 0];
        acc.set(key, [Math.min(bucket[0], ms), Math.max(bucket[1], ms), bucket[2] + 1]);
        return acc;
      }, new Map<string, number[]>());
      const created: { documentId: string; month: string; readings: number }[] = [];
      for (const [month, [min, max, count]] of [...months.entries()].sort()) {
        const log = (await strapi.documents(UID.ingestionLog).create({
          data: {
            source: 'legacy',
            fileName: `legacy-${month}`,
            status: 'Completed',
            totalRows: count,
            insertedRows: count,
            failedRows: 0,
            legacy: true,
            error: LEGACY_NOTE,
            startedAt: new Date(min).toISOString(),
            completedAt: new Date(max).toISOString(),
          },
        })) as { id: number; documentId: string };
        const id = log.id;
        const documentId = log.documentId;
        await knex()(TABLES.meterReadings)
          .whereNull('source_log_id')
          .whereBetween('reading_at', [min, max])
          .update({ source_log_id: id });
        created.push({ documentId, month, readings: count });
      }
      return { created };
    },
  };
};
