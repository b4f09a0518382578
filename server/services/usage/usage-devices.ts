import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { DomainError } from '../../../src/common/errors';
import { getService } from '../../plugin';

/**
 * "The first record of an unknown device id creates that device" (usage-charging guide,
 * quick start): a usage record's deviceId is a device's meter number.
 *
 * Devices already known are remembered for a minute, so a device posting every few
 * seconds costs no device lookup per record; a device deleted meanwhile is re-created
 * at most a minute later. Creations of one device id are shared between concurrent
 * requests of this process, and a creation lost to another process (the meter number's
 * unique index) counts as done.
 */
const KNOWN_FOR_MS = 60_000;
const MAX_REMEMBERED = 50_000;
const LOOKUP_CHUNK = 400;

export type DeviceSource = 'usage-api' | 'import';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const known = new Map<string, number>();
  const creating = new Map<string, Promise<void>>();

  function remember(deviceId: string) {
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(deviceId, Date.now() + KNOWN_FOR_MS);
  }

  function isKnown(deviceId: string) {
    const until = known.get(deviceId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    known.delete(deviceId);
    return false;
  }

  async function existing(deviceIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < deviceIds.length; i += LOOKUP_CHUNK) {
      const part = deviceIds.slice(i, i + LOOKUP_CHUNK);
      const rows = (await strapi.db
        .query(UID.device)
        .findMany({ where: { meterNumber: { $in: part } }, select: ['meterNumber'] })) as Array<{
        meterNumber: string;
      }>;
      for (const row of rows) found.add(row.meterNumber);
    }
    return found;
  }

  async function create(deviceId: string, source: DeviceSource) {
    try {
      await getService(strapi, 'devices').create({ meterNumber: deviceId, source });
      strapi.log.info(`[utilities] device ${JSON.stringify(deviceId)} created from its first usage record`);
    } catch (error) {
      // Created meanwhile by another request or node: the device exists, which is all we need.
      if (error instanceof DomainError && error.kind === 'conflict') return;
      // A device id the usage rules accept but the meter-number rules do not: the record is
      // still stored (it names its device by text); the device is left for a person to create.
      if (error instanceof DomainError && error.kind === 'invalid') {
        strapi.log.warn(
          `[utilities] usage records of device ${JSON.stringify(deviceId)} were stored, but no device could be created for it: ${error.message}`,
        );
        return;
      }
      throw error;
    }
  }

  return {
    /** Makes sure a device exists for each device id (creating the missing ones). */
    async ensure(deviceIds: Iterable<string>, source: DeviceSource) {
      const unknown = [...new Set(deviceIds)].filter((id) => !isKnown(id));
      if (!unknown.length) return;
      const found = await existing(unknown);
      const work: Promise<void>[] = [];
      for (const deviceId of unknown) {
        if (found.has(deviceId)) {
          remember(deviceId);
          continue;
        }
        let pending = creating.get(deviceId);
        if (!pending) {
          pending = create(deviceId, source).finally(() => creating.delete(deviceId));
          creating.set(deviceId, pending);
        }
        work.push(pending.then(() => remember(deviceId)));
      }
      await Promise.all(work);
    },

    /** Forgets what was remembered (tests, and after devices are deleted in bulk). */
    forget() {
      known.clear();
    },
  };
};
