import { z } from 'zod';

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

/** `PUT /settings`: switch modules on or off; modules not named keep their state. */
export const modulesPatchSchema = z.strictObject(
  {
    modules: z
      .strictObject(
        Object.fromEntries(
          MODULES.map((m) => [m, z.boolean({ error: `${m} must be true or false` }).optional()]),
        ),
        { error: 'modules must be an object of module: true|false' },
      )
      .optional(),
  },
  { error: 'The request body must be a JSON object' },
);
