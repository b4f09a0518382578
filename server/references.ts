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

/**
 * Solar communities name their members, grid rate, export recipient and building by
 * documentId: deleting any of them is refused (409) naming the communities, since a
 * community's past splits and bills would otherwise lose who they were for.
 */
export function registerCommunityReferences(strapi: Core.Strapi) {
  const references = getService(strapi, 'references');
  const communities = async () =>
    (await strapi.db.query(UID.community).findMany({ limit: 10_000 })) as {
      code: string;
      buildingRef: string | null;
      gridRateRef: string | null;
      exportRecipientRef: string | null;
      members: { billingPoint: string }[] | null;
    }[];
  const named = (label: string, codes: string[]) => ({
    label: `${label}: ${codes.sort().join(', ')}`,
    count: codes.length,
  });
  references.register(UID.billingPoint, async (documentId) =>
    named(
      'communities it is a member of',
      (await communities())
        .filter((c) => (c.members ?? []).some((m) => m.billingPoint === documentId))
        .map((c) => c.code),
    ),
  );
  references.register(UID.rate, async (documentId) =>
    named(
      'communities billing grid energy by it',
      (await communities()).filter((c) => c.gridRateRef === documentId).map((c) => c.code),
    ),
  );
  references.register(UID.party, async (documentId) =>
    named(
      'communities paying it their export',
      (await communities()).filter((c) => c.exportRecipientRef === documentId).map((c) => c.code),
    ),
  );
  references.register(UID.building, async (documentId) =>
    named(
      'communities',
      (await communities()).filter((c) => c.buildingRef === documentId).map((c) => c.code),
    ),
  );
}
