import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from '../src/permissions';
import { bootstrapBilling } from './billing';
import { bootstrapChannels } from './channels';
import { ensureBulkTables } from './database/bulk-tables';
import { ensureExactIdentifiers } from './database/exact-identifiers';
import { ensureQualityTables } from './database/quality-tables';
import { bootstrapMembers } from './members';
import { getService } from './plugin';
import { registerCatalogReferences } from './references';

/**
 * Bootstrap: registers every RBAC action of DESIGN §5 (also those of features
 * still to come, so roles can be prepared once) in the "plugins" section,
 * creates the plugin's bulk tables and wires the delete-reference checks.
 */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const actions = Object.entries(ACTIONS).map(([uid, spec]) => ({
    section: 'plugins',
    pluginName: PLUGIN_ID,
    uid,
    displayName: spec.displayName,
    subCategory: spec.subCategory,
  }));
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
  await ensureBulkTables(strapi);
  await ensureExactIdentifiers(strapi);
  await ensureQualityTables(strapi);
  await bootstrapChannels(strapi);
  registerCatalogReferences(strapi);
  await bootstrapBilling(strapi);
  await bootstrapMembers(strapi);
  // Invoice and run events a webhook may subscribe to (Settings → Webhooks / admin API).
  getService(strapi, 'document-events').register();
  // The scheduled monthly charge run (plugin config charging.schedule, cron.enabled).
  getService(strapi, 'charge-schedule').start();
  // Uploads a stopped server left half-stored are undone (at start, then every minute).
  getService(strapi, 'usage-imports').startRecovery();
  // Files a pull picks up are parsed and stored by the ingestion pipeline.
  getService(strapi, 'channel-pulls').setFileProcessor((job) =>
    getService(strapi, 'ingestion').processFile(job),
  );
};
