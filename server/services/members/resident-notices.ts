import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { NOTICE_RULES, noticeKindOf, noticeText } from '../../../src/members/resident-notices';
import { TABLES } from '../../database/bulk-tables';
import { QUALITY_TABLES } from '../../database/quality-tables';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';
import { textParam } from '../billing/billing-support';

type Meter = Awaited<ReturnType<ReturnType<typeof import('./members').default>['readableMeters']>>[number];
type NoticeRow = {
  reading_id: number | string;
  device_ref: string;
  register: string;
  reading_at: number | string;
  rule: string;
  message: string | null;
  dismissed_at: number | string | null;
};

/**
 * `/api/utilities/me/notices`: the leak and zero-consumption flags of the validation
 * rules on the resident's own meters, inside the time they may read those meters (an
 * earlier occupant's leak is not theirs), with their own dismissals. A notice someone
 * may not see answers 404, like one that does not exist.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** The flags on `meters` within their readable windows, with this user's dismissal. */
  function noticeQuery(userId: number, meters: Meter[]) {
    const q = knex()(`${QUALITY_TABLES.readingQuality} as q`)
      .join(`${TABLES.meterReadings} as r`, 'r.id', 'q.reading_id')
      .leftJoin(`${QUALITY_TABLES.noticeDismissals} as d`, (j) =>
        j.on('d.reading_id', '=', 'q.reading_id').andOn('d.user_id', '=', knex().raw('?', [userId])),
      )
      .whereIn('q.rule', NOTICE_RULES);
    q.andWhere((any: Knex.QueryBuilder) => {
      for (const meter of meters)
        for (const win of meter.windows)
          any.orWhere((w) => {
            // A knex builder is thenable; here it is only being shaped, never awaited.
            void w
              .where('r.device_ref', meter.device.documentId)
              .andWhere('q.reading_at', '>=', win.from)
              .andWhere('q.reading_at', '<', win.to);
          });
      // No meter, no window: nothing matches.
      if (!meters.some((m) => m.windows.length)) any.whereRaw('1 = 0');
    });
    return q;
  }

  function toDto(row: NoticeRow, meters: Meter[]) {
    const meter = meters.find((m) => m.device.documentId === row.device_ref)!;
    const kind = noticeKindOf(row.rule)!;
    return {
      id: String(row.reading_id),
      kind,
      text: noticeText(kind, meter.device.meterNumber, row.message ?? row.rule),
      since: new Date(Number(row.reading_at)).toISOString(),
      utility: meter.device,
      register: row.register,
      billingPoint: meter.billingPoint,
      dismissedAt: row.dismissed_at === null ? null : new Date(Number(row.dismissed_at)).toISOString(),
    };
  }

  const COLUMNS = [
    'q.reading_id',
    'r.device_ref',
    'q.register',
    'q.reading_at',
    'q.rule',
    'q.message',
    'd.dismissed_at',
  ];

  async function visibleNotice(userId: number, id: unknown) {
    const meters = await getService(strapi, 'members').readableMeters(userId);
    const readingId = typeof id === 'string' && /^[1-9][0-9]{0,17}$/.test(id) ? id : null;
    const row = readingId
      ? await noticeQuery(userId, meters)
          .where('q.reading_id', readingId)
          .first<NoticeRow | undefined>(COLUMNS)
      : undefined;
    if (!row) throw notFound('Notice', typeof id === 'string' ? id.slice(0, 64) : '');
    return { row, meters };
  }

  return {
    /** `?dismissed=true` lists dismissed notices too; newest first. */
    async myNotices(userId: number, query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['since'],
        defaultSort: [{ field: 'since', direction: 'desc' }],
        filters: ['dismissed'],
      });
      const dismissed = textParam(query, 'dismissed', 5);
      if (dismissed !== undefined && dismissed !== 'true' && dismissed !== 'false')
        throw invalidField('dismissed', 'dismissed must be true or false');
      const meters = await getService(strapi, 'members').readableMeters(userId);
      const base = () => {
        const q = noticeQuery(userId, meters);
        if (dismissed !== 'true') q.whereNull('d.dismissed_at');
        return q;
      };
      const [rows, [{ n }]] = await Promise.all([
        base()
          .orderBy([{ column: 'q.reading_at', order: list.sort[0].direction }, { column: 'q.reading_id' }])
          .limit(list.pageSize)
          .offset((list.page - 1) * list.pageSize)
          .select(COLUMNS) as Promise<NoticeRow[]>,
        base().count({ n: '*' }) as Promise<{ n: number | string }[]>,
      ]);
      return { data: rows.map((row) => toDto(row, meters)), meta: paginationMeta(list, Number(n)) };
    },

    /** Marks one of the resident's notices as seen; dismissing it again changes nothing. */
    async dismissNotice(userId: number, id: unknown) {
      const { row, meters } = await visibleNotice(userId, id);
      if (row.dismissed_at === null) {
        const now = Date.now();
        try {
          await knex()(QUALITY_TABLES.noticeDismissals).insert({
            user_id: userId,
            reading_id: Number(row.reading_id),
            dismissed_at: now,
          });
          row.dismissed_at = now;
        } catch (error) {
          // The same resident dismissing twice at once: the first one counts.
          if (!isUniqueViolation(error)) throw error;
          return toDto((await visibleNotice(userId, id)).row, meters);
        }
      }
      return toDto(row, meters);
    },
  };
};
