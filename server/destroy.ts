import type { Core } from '@strapi/strapi';
import { destroyChannels } from './channels';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await destroyChannels(strapi);
};
