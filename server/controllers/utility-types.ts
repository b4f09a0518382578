import type { Core } from '@strapi/strapi';
import { getService } from '../plugin';
import { crudController } from './crud';

export default ({ strapi }: { strapi: Core.Strapi }) =>
  crudController(() => getService(strapi, 'utility-types'));
