import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from '../src/permissions';
import { ensureBulkTables } from './database/bulk-tables';
import { ensureExactIdentifiers } from './database/exact-identifiers';
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
  registerCatalogReferences(strapi);
};
