import type { Core } from '@strapi/strapi';
import { registerBillingReferences } from './billing-references';
import { ensureBillingLocksTable } from './database/billing-locks';
import { ensureDocumentSequencesTable } from './database/document-sequences';

/** Billing wiring in bootstrap: the lock table its rules serialize on, the document number counters, and its delete references. */
export async function bootstrapBilling(strapi: Core.Strapi) {
  await ensureBillingLocksTable(strapi);
  await ensureDocumentSequencesTable(strapi);
  registerBillingReferences(strapi);
}
