import type { Core } from '@strapi/strapi';

/** Register phase: nothing to wire yet beyond what Strapi reads from the plugin object. */
export default (_: { strapi: Core.Strapi }) => {};
