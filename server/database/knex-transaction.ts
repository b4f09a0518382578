import type { Core } from '@strapi/strapi';

type Knex = Core.Strapi['db']['connection'];
/** A transaction of Strapi's own knex (typed through @strapi/database, the copy Strapi runs). */
export type KnexTransaction = Parameters<
  Extract<Parameters<Knex['transaction']>[0], (...args: never[]) => unknown>
>[0];
