import type { Core } from '@strapi/strapi';
import { registerBillingReferences } from './billing-references';
import { ensureBillingLocksTable } from './database/billing-locks';

/** Billing wiring in bootstrap: the lock table its rules serialize on, and its delete references. */
export async function bootstrapBilling(strapi: Core.Strapi) {
  await ensureBillingLocksTable(strapi);
  registerBillingReferences(strapi);
}
