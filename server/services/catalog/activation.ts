import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  ACTIVATION_UPDATED_MESSAGE,
  activationDiff,
  parseActivationRequest,
} from '../../../src/catalog/activation';
import { conflict, invalid, invalidField, notFound } from '../../../src/common/errors';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';

type Ref = { documentId: string; code: string; name: string; active?: boolean; displayOrder?: number };
const brief = (r: Ref) => ({ documentId: r.documentId, code: r.code, name: r.name });

const DEVICES_OFF_NOTICE = 'The Devices module is disabled: there are no device types to pair with.';

/**
 * The activation matrix (utility type × device type). Pairs are rows with a
 * unique index, so concurrent saves can't duplicate them; a save applies only
 * the difference to what is stored.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pairs = () => strapi.db.query(UID.utilityDevicePair);

  async function pairedDeviceTypeRefs(utilityTypeRef: string): Promise<string[]> {
    const rows = (await pairs().findMany({ where: { utilityTypeRef }, select: ['deviceTypeRef'] })) as {
      deviceTypeRef: string;
    }[];
    return rows.map((r) => r.deviceTypeRef);
  }

  async function taggedDevices(utilityTypeRef: string, deviceTypeRefs: string[]) {
    if (deviceTypeRefs.length === 0) return [];
    return (await strapi.documents(UID.device).findMany({
      filters: {
        utilityType: { documentId: utilityTypeRef },
        deviceType: { documentId: { $in: deviceTypeRefs } },
      },
      fields: ['meterNumber', 'label', 'notActivated'],
      populate: { deviceType: { fields: ['code'] } },
      limit: 10_000,
    })) as {
      id: number;
      documentId: string;
      meterNumber: string;
      label: string | null;
      deviceType: { code: string };
    }[];
  }

  async function setNotActivated(deviceIds: number[], value: boolean) {
    if (deviceIds.length)
      await strapi.db
        .query(UID.device)
        .updateMany({ where: { id: { $in: deviceIds } }, data: { notActivated: value } });
  }

  return {
    async isPaired(utilityTypeRef: string, deviceTypeRef: string) {
      return (await pairs().count({ where: { utilityTypeRef, deviceTypeRef } })) > 0;
    },

    async matrix() {
      const devicesEnabled = await getService(strapi, 'modules').isEnabled('devices');
      const utilityTypes = (await strapi.documents(UID.utilityType).findMany({
        filters: { active: true },
        sort: [{ displayOrder: 'asc' }, { name: 'asc' }],
        limit: 1000,
      })) as Ref[];
      if (!devicesEnabled) {
        return {
          devicesModuleEnabled: false,
          notice: DEVICES_OFF_NOTICE,
          deviceTypes: [],
          utilityTypes: utilityTypes.map((u) => ({
            ...brief(u),
            displayOrder: u.displayOrder ?? 0,
            deviceTypes: [],
          })),
        };
      }
      const deviceTypes = (await strapi.documents(UID.deviceType).findMany({
        filters: { active: true },
        sort: [{ name: 'asc' }],
        limit: 1000,
      })) as Ref[];
      const byRef = new Map(deviceTypes.map((d) => [d.documentId, d]));
      const allPairs = (await pairs().findMany({ select: ['utilityTypeRef', 'deviceTypeRef'] })) as {
        utilityTypeRef: string;
        deviceTypeRef: string;
      }[];
      return {
        devicesModuleEnabled: true,
        notice: null,
        deviceTypes: deviceTypes.map(brief),
        utilityTypes: utilityTypes.map((u) => ({
          ...brief(u),
          displayOrder: u.displayOrder ?? 0,
          deviceTypes: allPairs
            .filter((p) => p.utilityTypeRef === u.documentId && byRef.has(p.deviceTypeRef))
            .map((p) => brief(byRef.get(p.deviceTypeRef)!))
            .sort((a, b) => a.name.localeCompare(b.name)),
        })),
      };
    },

    /**
     * `{ deviceTypeIds, proceed? }` is the wanted set for one utility type. Removing
     * a pairing that tagged devices rely on needs `proceed: true`; those devices
     * keep their tag and are flagged "not activated" and listed.
     */
    async update(utilityTypeRef: string, body: unknown) {
      await getService(strapi, 'modules').assertEnabled('devices');
      const request = parseActivationRequest(body);
      const utilityType = (await strapi
        .documents(UID.utilityType)
        .findOne({ documentId: utilityTypeRef })) as Ref | null;
      if (!utilityType) throw notFound('Utility type', utilityTypeRef);

      const { toAdd, toRemove } = activationDiff(
        await pairedDeviceTypeRefs(utilityTypeRef),
        request.deviceTypeIds,
      );
      if (toAdd.length && !utilityType.active) {
        throw invalidField(
          'utilityType',
          `Utility type ${utilityType.name} (${utilityType.code}) is inactive and cannot be linked; activate it first`,
        );
      }
      if (toAdd.length) {
        const found = (await strapi.documents(UID.deviceType).findMany({
          filters: { documentId: { $in: toAdd } },
          fields: ['code', 'name', 'active'],
          limit: toAdd.length,
        })) as Ref[];
        const unknown = toAdd.filter((id) => !found.some((d) => d.documentId === id));
        if (unknown.length)
          throw invalid(`Unknown device type: ${unknown.join(', ')}`, [
            { path: ['deviceTypeIds'], message: `Unknown device type: ${unknown.join(', ')}` },
          ]);
        const inactive = found.filter((d) => !d.active);
        if (inactive.length) {
          const names = inactive.map((d) => `${d.name} (${d.code})`).join(', ');
          throw invalid(`Inactive device types cannot be linked: ${names}`, [
            { path: ['deviceTypeIds'], message: `Inactive: ${names}` },
          ]);
        }
      }

      const affected = await taggedDevices(utilityTypeRef, toRemove);
      if (affected.length && !request.proceed) {
        throw conflict(
          `${affected.length} device${affected.length === 1 ? '' : 's'} tagged ${utilityType.code} use${affected.length === 1 ? 's' : ''} the pairing you are removing. ` +
            'Send "proceed": true to remove it anyway: they keep their tag and are flagged "not activated".',
          {
            affectedDevices: affected.length,
            devices: affected
              .slice(0, 100)
              .map((d) => ({ documentId: d.documentId, meterNumber: d.meterNumber })),
          },
          'activation-in-use',
          { count: affected.length, utilityType: utilityType.code },
        );
      }

      let added = 0;
      for (const deviceTypeRef of toAdd) {
        try {
          await pairs().create({ data: { utilityTypeRef, deviceTypeRef } });
          added++;
        } catch (error) {
          // A concurrent save added the same pair: it exists, which is what was asked.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      const removed = toRemove.length
        ? await pairs().deleteMany({ where: { utilityTypeRef, deviceTypeRef: { $in: toRemove } } })
        : { count: 0 };

      await setNotActivated(
        affected.map((d) => d.id),
        true,
      );
      // A pairing given back re-activates the devices that were flagged for its loss.
      await setNotActivated(
        (await taggedDevices(utilityTypeRef, toAdd)).map((d) => d.id),
        false,
      );

      return {
        message: ACTIVATION_UPDATED_MESSAGE,
        added,
        removed: removed.count,
        notActivatedDevices: affected.map((d) => ({
          documentId: d.documentId,
          meterNumber: d.meterNumber,
          label: d.label ?? null,
        })),
      };
    },
  };
};
