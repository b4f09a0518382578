import type { Core } from '@strapi/strapi';

/** Whether a request path is one of the plugin's: admin routes (/utilities/…) or content API (/api/utilities/…). */
export function isPluginPath(strapi: Core.Strapi, path: string): boolean {
  const apiPrefix = strapi.config.get<string | undefined>('api.rest.prefix') ?? '/api';
  return path.startsWith('/utilities/') || path.startsWith(`${apiPrefix}/utilities/`);
}
