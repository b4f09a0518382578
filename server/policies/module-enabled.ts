import type { Core } from '@strapi/strapi';
import type { ModuleName } from '../../src/modules';
import { getService } from '../plugin';

/**
 * Route policy `plugin::utilities.module-enabled` with `{ module }`: a disabled
 * module's routes answer 403 ModuleDisabledError before any other work.
 */
export default async (_ctx: unknown, config: { module: ModuleName }, { strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'modules').assertEnabled(config.module);
  return true;
};
