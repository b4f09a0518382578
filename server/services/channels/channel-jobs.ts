import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { DomainError } from '../../../src/common/errors';
import type { PluginConfig } from '../../config';
import { ChannelScheduler, type SchedulableChannel } from '../../jobs/channel-scheduler';
import { getService } from '../../plugin';

/**
 * The scheduled pulls of this instance (see server/jobs/channel-scheduler.ts). Started in
 * bootstrap when `cron.enabled`, stopped while the utilities module is off and in destroy.
 */
const FIELDS: ('code' | 'active' | 'schedule')[] = ['code', 'active', 'schedule'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.channel);
  const config = () => strapi.config.get<PluginConfig>('plugin::utilities');
  const toSchedulable = (row: Record<string, unknown>): SchedulableChannel => ({
    documentId: String(row.documentId),
    code: String(row.code),
    active: row.active !== false,
    schedule: typeof row.schedule === 'string' && row.schedule.trim() !== '' ? row.schedule : null,
  });
  let scheduler: ChannelScheduler | null = null;

  function get(): ChannelScheduler {
    if (!scheduler) {
      scheduler = new ChannelScheduler({
        knex: strapi.db.connection,
        instanceId: getService(strapi, 'channel-pulls').instanceId,
        cronEnabled: config().cron.enabled,
        timezone: () => config().defaultTimezone,
        isModuleEnabled: () => getService(strapi, 'modules').isEnabled('utilities'),
        loadChannel: async (documentId) => {
          const row = await documents().findOne({ documentId, fields: FIELDS });
          return row ? toSchedulable(row) : null;
        },
        loadAll: async () => {
          const rows = (await documents().findMany({
            filters: { active: true, schedule: { $notNull: true, $ne: '' } },
            fields: FIELDS,
            limit: 10_000,
          })) as Record<string, unknown>[];
          return rows.map(toSchedulable);
        },
        pull: async (documentId) => {
          try {
            await getService(strapi, 'channel-pulls').pull(documentId, { trigger: 'schedule' });
            return 'ran';
          } catch (error) {
            if (error instanceof DomainError && error.kind === 'conflict') return 'busy';
            throw error;
          }
        },
        log: {
          info: (m) => strapi.log.info(`[utilities] ${m}`),
          warn: (m) => strapi.log.warn(`[utilities] ${m}`),
          error: (m) => strapi.log.error(`[utilities] ${m}`),
        },
      });
    }
    return scheduler;
  }

  return {
    scheduler: get,
    start: () => get().start(),
    stop: () => scheduler?.stop(),
    sync: async (documentId: string) => get().sync(documentId),
    remove: (documentId: string) => scheduler?.remove(documentId),
    /** Runs one occurrence (if this instance wins its claim). */
    fire: (documentId: string, occurrence: Date, options?: { expression?: string }) =>
      get().fire(documentId, occurrence, options),
    describe: () => scheduler?.describe() ?? [],
  };
};
