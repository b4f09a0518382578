import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from '../src/permissions';
import type { PluginConfig } from './config';
import { bootstrapBilling } from './billing';
import { bootstrapChannels } from './channels';
import { ensureBulkTables } from './database/bulk-tables';
import { ensureExactIdentifiers } from './database/exact-identifiers';
import { ensureQualityTables } from './database/quality-tables';
import { registerCachedApiTokenAuth } from './http/cached-api-token-auth';
import { bootstrapMembers } from './members';
import { getService } from './plugin';
import { registerCatalogReferences, registerCommunityReferences } from './references';

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
  // Strapi types its services as `any`; this is the part of the admin's permission service used here.
  const permissions = strapi.service('admin::permission') as {
    actionProvider: { registerMany(list: typeof actions): Promise<void> };
  };
  await permissions.actionProvider.registerMany(actions);
  await ensureBulkTables(strapi);
  await ensureExactIdentifiers(strapi);
  await ensureQualityTables(strapi);
  await bootstrapChannels(strapi);
  registerCatalogReferences(strapi);
  // Device routes check API tokens through a short cache (lifecycles need the database, hence here).
  registerCachedApiTokenAuth(
    strapi,
    strapi.config.get<PluginConfig>('plugin::utilities').usage.apiTokenCacheMs,
  );
  registerCommunityReferences(strapi);
  await bootstrapBilling(strapi);
  await bootstrapMembers(strapi);
  // Invoice and run events a webhook may subscribe to (Settings → Webhooks / admin API).
  getService(strapi, 'document-events').register();
  // The scheduled monthly charge run (plugin config charging.schedule, cron.enabled).
  getService(strapi, 'charge-schedule').start();
  // Charge runs a stopped server left running are failed (once their lease has expired).
  await getService(strapi, 'charge-runs').sweepOrphans();
  // Runs voided before a void issued credit notes get them now (idempotent: a no-op once done).
  await repairOlderVoids(strapi);
  // Uploads a stopped server left half-stored are undone (at start, then every minute).
  getService(strapi, 'usage-imports').startRecovery();
  // Files a pull picks up are parsed and stored by the ingestion pipeline.
  getService(strapi, 'channel-pulls').setFileProcessor((job) =>
    getService(strapi, 'ingestion').processFile(job),
  );
};

/**
 * The one-off repair of older voids (credit-notes.ts `creditOlderVoids`). A failure is
 * logged and the server starts anyway: the next start tries again, nothing is half done
 * (each run is credited in one transaction).
 */
async function repairOlderVoids(strapi: Core.Strapi) {
  try {
    const issued = await getService(strapi, 'credit-notes').creditOlderVoids();
    if (issued.length)
      strapi.log.info(
        `[utilities] ${issued.length} credit note(s) issued for invoices of runs voided without credit notes`,
      );
  } catch (error) {
    strapi.log.error(
      `[utilities] the repair of runs voided without credit notes failed; it runs again at the next start: ${String(error)}`,
    );
  }
}
