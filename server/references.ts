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
  references.register(UID.deviceType, async (documentId) => ({
    label: 'devices of this type',
    count: await countDevices({ deviceType: { documentId } }),
  }));
  references.register(UID.deviceType, async (documentId) => ({
    label: 'utility type pairings',
    count: await countPairs({ deviceTypeRef: documentId }),
  }));
}
