import { z } from 'zod';
import { MODULES, type ModuleStates } from '../src/modules';
import { documentsConfigShape, documentsDefaults, type DocumentsPluginConfig } from './documents-config';
import { chargingConfigShape, chargingDefaults, type ChargingPluginConfig } from './charging-config';
import { channelsConfigShape, channelsDefaults, type ChannelsPluginConfig } from './channels-config';
import { usageConfigShape, usageDefaults, type UsagePluginConfig } from './usage-config';

/**
 * Plugin configuration, set by the host app in config/plugins:
 *
 *   utilities: { enabled: true, config: { modules: { billing: false }, cron: { enabled: true } } }
 *
 * `modules` are the defaults; an admin with settings.write switches them at runtime.
 * `cron.enabled` is the plugin's own switch: Strapi's `server.cron.enabled` does not
 * stop jobs added through `strapi.cron.add`.
 */
const moduleFlags = z.strictObject(
  Object.fromEntries(
    MODULES.map((m) => [m, z.boolean({ error: `modules.${m} must be true or false` }).optional()]),
  ) as Record<(typeof MODULES)[number], z.ZodOptional<z.ZodBoolean>>,
);

export const configSchema = z.object({
  modules: moduleFlags.optional(),
  cron: z
    .strictObject({ enabled: z.boolean({ error: 'cron.enabled must be true or false' }).optional() })
    .optional(),
  defaultTimezone: z
    .string()
    .refine((zone) => isValidZone(zone), {
      error: 'defaultTimezone must be an IANA time zone such as Europe/Zurich',
    })
    .optional(),
  ...channelsConfigShape,
  ...usageConfigShape,
  ...chargingConfigShape,
  ...documentsConfigShape,
  // jobs.heapBudgetMb: the garbage a long job may leave on the server's heap before it has it collected (server/jobs/heap-budget.ts).
  jobs: z
    .strictObject({
      heapBudgetMb: z
        .number({ error: 'jobs.heapBudgetMb must be a number of megabytes' })
        .int({ error: 'jobs.heapBudgetMb must be a whole number' })
        .min(0, { error: 'jobs.heapBudgetMb must be at least 0 (0: leave the heap to V8)' })
        .optional(),
    })
    .optional(),
  // members.grantAuthenticated: on first start, give the users-permissions Authenticated role the resident actions.
  members: z
    .strictObject({
      grantAuthenticated: z.boolean({ error: 'members.grantAuthenticated must be true or false' }).optional(),
    })
    .optional(),
});

export type PluginConfig = {
  modules: ModuleStates;
  cron: { enabled: boolean };
  defaultTimezone: string;
  members: { grantAuthenticated: boolean };
  jobs: { heapBudgetMb: number };
} & ChannelsPluginConfig &
  UsagePluginConfig &
  ChargingPluginConfig &
  DocumentsPluginConfig;

export const defaultConfig: PluginConfig = {
  modules: { utilities: true, devices: true, billing: true, usage: true },
  cron: { enabled: true },
  defaultTimezone: 'UTC',
  members: { grantAuthenticated: true },
  jobs: { heapBudgetMb: 128 },
  ...channelsDefaults,
  ...usageDefaults,
  ...chargingDefaults,
  ...documentsDefaults,
};

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export default {
  default: defaultConfig,
  validator(config: unknown) {
    const result = configSchema.safeParse(config);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`Invalid config for plugin "utilities": ${issue.path.join('.')}: ${issue.message}`);
    }
  },
};
