import type { Core } from '@strapi/strapi';
import { destroyChannels } from './channels';
import { getService } from './plugin';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await destroyChannels(strapi);
  getService(strapi, 'charge-schedule').stop();
  // Runs being charged here stop at their next chunk and are failed as interrupted.
  await getService(strapi, 'charge-runs').stop();
  getService(strapi, 'usage-imports').stopRecovery();
  await getService(strapi, 'invoice-delivery').stop();
};
