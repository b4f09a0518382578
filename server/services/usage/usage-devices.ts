import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { getService } from '../../plugin';

/**
 * "The first record of an unknown device id creates that device" (usage-charging guide,
 * quick start): a usage record's deviceId is a device's meter number.
 *
 * Devices already known are remembered for a minute, so a device posting every few
 * seconds costs no device lookup per record; a device deleted meanwhile is re-created
 * at most a minute later. The devices missing from one call are created together, in one
 * INSERT (devices.createBare): an upload chunk introducing hundreds of devices costs one
 * statement, not a document-service transaction each. Creations of one device id are
 * shared between concurrent requests of this process, and a creation lost to another
 * process (the meter number's unique index) counts as done.
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

  /** Creates the devices of these ids, all in one INSERT (devices.createBare), and says what became of each. */
  async function createAll(deviceIds: string[], source: DeviceSource) {
    const outcomes = await getService(strapi, 'devices').createBare(deviceIds, source);
    for (const [deviceId, outcome] of outcomes) {
      // "exists": created meanwhile by another request or node, which is all we need.
      if (outcome.status === 'created')
        strapi.log.info(`[utilities] device ${JSON.stringify(deviceId)} created from its first usage record`);
      // A device id the usage rules accept but the meter-number rules do not: the record is
      // still stored (it names its device by text); the device is left for a person to create.
      else if (outcome.status === 'invalid')
        strapi.log.warn(
          `[utilities] usage records of device ${JSON.stringify(deviceId)} were stored, but no device could be created for it: ${outcome.message}`,
        );
    }
  }

  return {
    /** Makes sure a device exists for each device id (creating the missing ones). */
    async ensure(deviceIds: Iterable<string>, source: DeviceSource) {
      const unknown = [...new Set(deviceIds)].filter((id) => !isKnown(id));
      if (!unknown.length) return;
      const found = await existing(unknown);
      const work: Promise<void>[] = [];
      const missing: string[] = [];
      for (const deviceId of unknown) {
        if (found.has(deviceId)) remember(deviceId);
        else {
          // Being created by a concurrent call of this process: wait for that creation.
          const pending = creating.get(deviceId);
          if (pending) work.push(pending.then(() => remember(deviceId)));
          else missing.push(deviceId);
        }
      }
      if (missing.length) {
        const created = createAll(missing, source);
        for (const deviceId of missing) creating.set(deviceId, created);
        work.push(
          created
            .then(() => missing.forEach(remember))
            .finally(() => missing.forEach((deviceId) => creating.delete(deviceId))),
        );
      }
      await Promise.all(work);
    },

    /** Forgets what was remembered (tests, and after devices are deleted in bulk). */
    forget() {
      known.clear();
    },
  };
};
