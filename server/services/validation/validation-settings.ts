import type { Core } from '@strapi/strapi';
import { invalid } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import {
  settingsProblems,
  validationSettingsSchema,
  type ValidationSettings,
} from '../../../src/validation/rule-config';

const STORE_KEY = 'validation-settings';

/** The operator's rule overrides (per utility type, device type, device), kept in the plugin store. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'utilities' });
  return {
    async get(): Promise<ValidationSettings> {
      const stored: unknown = await store().get({ key: STORE_KEY });
      const parsed = validationSettingsSchema.safeParse(stored ?? {});
      // A stored value an older version wrote that no longer parses falls back to the defaults.
      return parsed.success ? parsed.data : {};
    },

    async put(body: unknown): Promise<ValidationSettings> {
      const settings = parseInput(validationSettingsSchema, body);
      const problems = settingsProblems(settings);
      if (problems.length) throw invalid(`${problems[0].path.join('.')}: ${problems[0].message}`, problems);
      await store().set({ key: STORE_KEY, value: settings });
      return settings;
    },
  };
};
