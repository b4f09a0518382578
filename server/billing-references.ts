import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { getService } from './plugin';

/**
 * What billing records make "in use" (server/services/references.ts): deleting a
 * party, building, billing point, device, utility type or usage metric that
 * billing still refers to is refused with the list. Counted through the query
 * engine so the checks join a caller's transaction.
 */
export function registerBillingReferences(strapi: Core.Strapi) {
  const references = getService(strapi, 'references');
  const count = (uid: string, where: object) => strapi.db.query(uid).count({ where });
  const add = (uid: string, label: string, where: (documentId: string) => object, of: string) =>
    references.register(uid, async (documentId) => ({ label, count: await count(of, where(documentId)) }));

  add(UID.party, 'occupancies', (id) => ({ partyRef: id }), UID.occupancy);
  add(UID.party, 'RFID badges', (id) => ({ partyRef: id }), UID.rfidBadge);
  add(UID.party, 'buildings it owns', (id) => ({ ownerRef: id }), UID.building);
  add(UID.party, 'billing points it owns', (id) => ({ ownerRef: id }), UID.billingPoint);

  add(UID.building, 'billing points', (id) => ({ buildingRef: id }), UID.billingPoint);
  add(UID.building, 'rates for the building', (id) => ({ scope: 'building', scopeRef: id }), UID.rate);

  add(UID.billingPoint, 'occupancies', (id) => ({ billingPointRef: id }), UID.occupancy);
  add(UID.billingPoint, 'meter installations', (id) => ({ billingPointRef: id }), UID.meterInstallation);
  add(
    UID.billingPoint,
    'rates for the billing point',
    (id) => ({ scope: 'billing-point', scopeRef: id }),
    UID.rate,
  );

  add(UID.device, 'installations at billing points', (id) => ({ deviceRef: id }), UID.meterInstallation);
  add(UID.utilityType, 'rates', (id) => ({ targetKind: 'utility-type', targetRef: id }), UID.rate);
  add(UID.usageMetric, 'rates', (id) => ({ targetKind: 'usage-metric', targetRef: id }), UID.rate);

  // Invoices belong to the charging feature; when its content type exists, a party
  // (and a billing point) with invoices is in use too, whichever way it stores the link.
  const invoiceUid = 'plugin::utilities.invoice';
  const invoice = strapi.db.metadata.has(invoiceUid) ? strapi.db.metadata.get(invoiceUid) : null;
  if (invoice) {
    const attributes = invoice.attributes as Record<string, { type: string }>;
    const byRef = (field: string, relation: string) =>
      attributes[field]
        ? (id: string) => ({ [field]: id })
        : attributes[relation]?.type === 'relation'
          ? (id: string) => ({ [relation]: { documentId: id } })
          : null;
    const partyWhere = byRef('partyRef', 'party');
    const pointWhere = byRef('billingPointRef', 'billingPoint');
    if (partyWhere) add(UID.party, 'invoices', partyWhere, invoiceUid);
    if (pointWhere) add(UID.billingPoint, 'invoices', pointWhere, invoiceUid);
  }
}
