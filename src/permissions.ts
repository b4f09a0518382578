import type { ModuleName } from './modules';

/**
 * Every RBAC action of the plugin. The guide's permission `utilities:<area>:<verb>`
 * is the Strapi action `plugin::utilities.<area>.<verb>`. Each action belongs to
 * the module whose routes it guards (settings belong to none: an admin must be
 * able to switch a module back on).
 */
type ActionSpec = { subCategory: string; displayName: string; module: ModuleName | null };

export const ACTIONS = {
  'types.read': { subCategory: 'Utility types', displayName: 'Read', module: 'utilities' },
  'types.create': { subCategory: 'Utility types', displayName: 'Create', module: 'utilities' },
  'types.update': { subCategory: 'Utility types', displayName: 'Update', module: 'utilities' },
  'types.delete': { subCategory: 'Utility types', displayName: 'Delete', module: 'utilities' },
  'activation.read': { subCategory: 'Activation', displayName: 'Read', module: 'utilities' },
  'activation.write': { subCategory: 'Activation', displayName: 'Write', module: 'utilities' },
  'channels.read': { subCategory: 'Channels', displayName: 'Read', module: 'utilities' },
  'channels.write': { subCategory: 'Channels', displayName: 'Write and pull', module: 'utilities' },
  'channels.delete': { subCategory: 'Channels', displayName: 'Delete', module: 'utilities' },
  'ingestion-log.read': { subCategory: 'Ingestion log', displayName: 'Read', module: 'utilities' },
  'validation.read': { subCategory: 'Meter data validation', displayName: 'Read', module: 'utilities' },
  'validation.write': {
    subCategory: 'Meter data validation',
    displayName: 'Correct readings and run rules',
    module: 'utilities',
  },
  'links.read': { subCategory: 'Member utility links', displayName: 'Read', module: 'utilities' },
  'devices.read': { subCategory: 'Devices', displayName: 'Read', module: 'devices' },
  'devices.write': { subCategory: 'Devices', displayName: 'Write', module: 'devices' },
  'usage-records.read': { subCategory: 'Usage records', displayName: 'Read', module: 'usage' },
  'usage-records.import': { subCategory: 'Usage records', displayName: 'Import', module: 'usage' },
  'billing.read': { subCategory: 'Billing points', displayName: 'Read', module: 'billing' },
  'billing.write': { subCategory: 'Billing points', displayName: 'Write', module: 'billing' },
  'rates.read': { subCategory: 'Rates', displayName: 'Read', module: 'billing' },
  'rates.write': { subCategory: 'Rates', displayName: 'Write', module: 'billing' },
  'charging.read': { subCategory: 'Charging', displayName: 'Read', module: 'billing' },
  'charging.run': { subCategory: 'Charging', displayName: 'Run', module: 'billing' },
  'charging.finalize': { subCategory: 'Charging', displayName: 'Finalize', module: 'billing' },
  'allocation.read': { subCategory: 'Cost allocation', displayName: 'Read', module: 'billing' },
  'allocation.write': {
    subCategory: 'Cost allocation',
    displayName: 'Write costs and keys',
    module: 'billing',
  },
  'allocation.run': { subCategory: 'Cost allocation', displayName: 'Run settlements', module: 'billing' },
  'allocation.finalize': { subCategory: 'Cost allocation', displayName: 'Finalize', module: 'billing' },
  'communities.read': { subCategory: 'Solar communities', displayName: 'Read', module: 'billing' },
  'communities.write': { subCategory: 'Solar communities', displayName: 'Write', module: 'billing' },
  'documents.read': { subCategory: 'Billing documents', displayName: 'Read', module: 'billing' },
  'documents.settings': {
    subCategory: 'Billing documents',
    displayName: 'Change issuer settings',
    module: 'billing',
  },
  'documents.send': { subCategory: 'Billing documents', displayName: 'E-mail invoices', module: 'billing' },
  'settings.read': { subCategory: 'Settings', displayName: 'Read', module: null },
  'settings.write': { subCategory: 'Settings', displayName: 'Write', module: null },
} as const satisfies Record<string, ActionSpec>;

export type ActionKey = keyof typeof ACTIONS;

export const PLUGIN_ID = 'utilities';

/** `types.read` → `plugin::utilities.types.read`, the uid Strapi checks. */
export const actionUid = (key: ActionKey) => `plugin::${PLUGIN_ID}.${key}` as const;

/** The module an action's uid belongs to, or null for settings and foreign actions. */
export function moduleOfAction(uid: string): ModuleName | null {
  const prefix = `plugin::${PLUGIN_ID}.`;
  if (!uid.startsWith(prefix)) return null;
  const spec = (ACTIONS as Record<string, ActionSpec>)[uid.slice(prefix.length)];
  return spec?.module ?? null;
}
