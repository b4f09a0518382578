import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };

/** Typed access to the plugin's services: `getService(strapi, 'utility-types').list(...)`. */
export function getService<K extends keyof Services>(strapi: Core.Strapi, name: K): Services[K] {
  return strapi.plugin('utilities').service<Services[K]>(name);
}
