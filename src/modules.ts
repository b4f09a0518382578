/**
 * The plugin's modules. Each can be switched off per app (one app = one tenant):
 * its pages disappear, its routes answer 403 ModuleDisabledError and its
 * schedules stop.
 */
export const MODULES = ['utilities', 'devices', 'billing', 'usage'] as const;
export type ModuleName = (typeof MODULES)[number];
export type ModuleStates = Record<ModuleName, boolean>;

export const MODULE_LABELS: Record<ModuleName, string> = {
  utilities: 'Utilities',
  devices: 'Devices',
  billing: 'Billing',
  usage: 'Usage charging',
};
