import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { getService } from './plugin';

/**
 * What makes a catalog record "in use": deleting it is refused (409) while any of
 * these count more than zero. Features added later register theirs here.
 */
export function registerCatalogReferences(strapi: Core.Strapi) {
  const references = getService(strapi, 'references');
  const countDevices = (filters: object) => strapi.documents(UID.device).count({ filters });
  const countPairs = (where: object) => strapi.db.query(UID.utilityDevicePair).count({ where });

  references.register(UID.utilityType, async (documentId) => ({
    label: 'devices tagged with it',
    count: await countDevices({ utilityType: { documentId } }),
  }));
  references.register(UID.utilityType, async (documentId) => ({
    label: 'device type pairings',
    count: await countPairs({ utilityTypeRef: documentId }),
  }));
  // Rates name their tariff calendar by its (permanent) code.
  references.register(UID.tariffCalendar, async (documentId) => {
    const calendar = await strapi.documents(UID.tariffCalendar).findOne({ documentId, fields: ['code'] });
    const code = calendar ? String(calendar.code) : null;
    return {
      label: 'rates priced by its bands',
      count: code ? await strapi.db.query(UID.rate).count({ where: { tariffCalendar: code } }) : 0,
    };
  });
  references.register(UID.deviceType, async (documentId) => ({
    label: 'devices of this type',
    count: await countDevices({ deviceType: { documentId } }),
  }));
  references.register(UID.deviceType, async (documentId) => ({
    label: 'utility type pairings',
    count: await countPairs({ deviceTypeRef: documentId }),
  }));
}
