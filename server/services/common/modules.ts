import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  MODULES,
  MODULE_LABELS,
  modulesPatchSchema,
  type ModuleName,
  type ModuleStates,
} from '../../../src/modules';
import { parseInput } from '../../../src/common/validate';
import type { PluginConfig } from '../../config';

/**
 * 403 with `error.name = "ModuleDisabledError"`; thrown by the module policy. It is
 * a PolicyError because Strapi turns any other ForbiddenError raised behind its
 * auth step into a bare "Forbidden", losing the message.
 */
export class ModuleDisabledError extends errors.PolicyError {
  constructor(module: ModuleName) {
    super(`The ${MODULE_LABELS[module]} module is not enabled`, { module });
    (this as { name: string }).name = 'ModuleDisabledError';
  }
}

const STORE_KEY = 'modules';
/**
 * Other Strapi instances may switch a module; a short cache keeps a route from
 * paying a store read per request while bounding how long a switch takes to show.
 */
const CACHE_MS = 2000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'utilities' });
  let cache: { states: ModuleStates; at: number } | null = null;
  const listeners: ((states: ModuleStates) => void)[] = [];

  const defaults = (): ModuleStates => ({
    ...strapi.config.get<PluginConfig>('plugin::utilities').modules,
  });

  async function states(): Promise<ModuleStates> {
    if (cache && Date.now() - cache.at < CACHE_MS) return cache.states;
    const stored = ((await store().get({ key: STORE_KEY })) ?? {}) as Partial<ModuleStates>;
    const merged = { ...defaults() };
    for (const m of MODULES) if (typeof stored[m] === 'boolean') merged[m] = stored[m];
    cache = { states: merged, at: Date.now() };
    return merged;
  }

  return {
    states,

    async isEnabled(module: ModuleName) {
      return (await states())[module];
    },

    async assertEnabled(module: ModuleName) {
      if (!(await states())[module]) throw new ModuleDisabledError(module);
    },

    /** Applies `{ modules: { billing: false } }` and returns the new states. */
    async update(body: unknown): Promise<ModuleStates> {
      const patch = (parseInput(modulesPatchSchema, body).modules ?? {}) as Partial<ModuleStates>;
      const stored = ((await store().get({ key: STORE_KEY })) ?? {}) as Partial<ModuleStates>;
      await store().set({ key: STORE_KEY, value: { ...stored, ...patch } });
      cache = null;
      const next = await states();
      listeners.forEach((listener) => listener(next));
      return next;
    },

    /** Jobs subscribe so a switched-off module stops its schedules at once on this node. */
    onChange(listener: (states: ModuleStates) => void) {
      listeners.push(listener);
    },
  };
};
