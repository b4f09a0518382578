import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable } from '../../database/entities';
import type { Populate } from '../../database/entities';
import { parseDeviceCreate, parseDeviceUpdate, type DeviceInput } from '../../../src/catalog/device';
import { conflict, DomainError, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseBooleanFilter, parseListQuery } from '../../../src/common/list-query';
import { TABLES } from '../../database/bulk-tables';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';

type Brief = { documentId: string; code: string; name: string; active?: boolean };
type Stored = Omit<DeviceInput, 'deviceType' | 'utilityType'> & {
  id: number;
  documentId: string;
  notActivated: boolean | null;
  deviceType: Brief | null;
  utilityType: Brief | null;
  createdAt: string;
  updatedAt: string;
};

const POPULATE = {
  deviceType: { fields: ['code', 'name', 'active'] },
  utilityType: { fields: ['code', 'name', 'active'] },
} satisfies Populate<typeof UID.device>;
const brief = (r: Brief | null) => (r ? { documentId: r.documentId, code: r.code, name: r.name } : null);

export const toDeviceDto = (row: Stored) => ({
  documentId: row.documentId,
  meterNumber: row.meterNumber,
  label: row.label ?? null,
  deviceType: brief(row.deviceType),
  utilityType: brief(row.utilityType),
  registers: Array.isArray(row.registers) && row.registers.length ? row.registers : ['1'],
  unit: row.unit ?? null,
  multiplier: row.multiplier ?? '1',
  rolloverAt: row.rolloverAt ?? null,
  registerBands: row.registerBands ?? null,
  active: row.active ?? true,
  source: row.source ?? 'manual',
  notActivated: Boolean(row.notActivated),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const SORTABLE = ['meterNumber', 'label', 'active', 'createdAt', 'updatedAt'] as const;

/** What became of one meter number given to `createBare`. */
export type BareDeviceOutcome =
  | { status: 'created' }
  /** Created meanwhile by another request or node (the meter number's unique index). */
  | { status: 'exists' }
  /** Refused by the meter-number rules: no device. */
  | { status: 'invalid'; message: string };

/** Meter numbers per read-back and per readings lookup: far under every database's bind limit. */
const BARE_LOOKUP_CHUNK = 400;

/** Where a meter measures today: the billing point, and the code of its building. */
type InstalledAt = {
  billingPoint: { documentId: string; code: string; name: string };
  building: string | null;
};

/**
 * Devices (meters). The tag rule: a device may carry utility type U only if its
 * device type is paired with U in the activation matrix and U is active.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.device);
  const readings = () => strapi.db.connection(TABLES.meterReadings);

  /**
   * Where each listed meter is installed today (the UTC day): its billing point and
   * that point's building, so a picker tells two meters apart by place. Three queries
   * for a whole page, whatever its size.
   */
  async function installedToday(deviceIds: string[]) {
    const where = new Map<string, InstalledAt>();
    if (deviceIds.length === 0) return where;
    const today = new Date().toISOString().slice(0, 10);
    const installations = (await strapi.db.query(UID.meterInstallation).findMany({
      where: {
        deviceRef: { $in: deviceIds },
        fromDate: { $lte: today },
        $or: [{ toDate: { $null: true } }, { toDate: { $gte: today } }],
      },
      select: ['deviceRef', 'billingPointRef'],
    })) as { deviceRef: string; billingPointRef: string }[];
    if (installations.length === 0) return where;
    const points = (await strapi.db.query(UID.billingPoint).findMany({
      where: { documentId: { $in: [...new Set(installations.map((i) => i.billingPointRef))] } },
      select: ['documentId', 'code', 'name', 'buildingRef'],
    })) as { documentId: string; code: string; name: string; buildingRef: string }[];
    const buildings = (await strapi.db.query(UID.building).findMany({
      where: { documentId: { $in: [...new Set(points.map((p) => p.buildingRef))] } },
      select: ['documentId', 'code'],
    })) as { documentId: string; code: string }[];
    const pointById = new Map(points.map((p) => [p.documentId, p]));
    const buildingCode = new Map(buildings.map((b) => [b.documentId, b.code]));
    for (const installation of installations) {
      const point = pointById.get(installation.billingPointRef);
      if (!point) continue; // a point deleted under a dangling installation: no place to name
      where.set(installation.deviceRef, {
        billingPoint: { documentId: point.documentId, code: point.code, name: point.name },
        building: buildingCode.get(point.buildingRef) ?? null,
      });
    }
    return where;
  }

  async function findOrFail(documentId: string): Promise<Stored> {
    const row = await documents().findOne({ documentId, populate: POPULATE });
    if (!row) throw notFound('Device', documentId);
    return row as Stored;
  }

  async function loadRef(
    uid: typeof UID.deviceType | typeof UID.utilityType,
    field: string,
    label: string,
    documentId: string,
  ) {
    const row = (await strapi
      .documents(uid)
      .findOne({ documentId, fields: ['code', 'name', 'active'] })) as Brief | null;
    if (!row) throw invalidField(field, `${label} "${documentId}" does not exist`);
    return row;
  }

  /** Throws 400 naming both sides when the tag is not allowed. */
  async function assertTagAllowed(deviceTypeRef: string | null, utilityTypeRef: string | null) {
    if (!utilityTypeRef) return;
    const utilityType = await loadRef(UID.utilityType, 'utilityType', 'Utility type', utilityTypeRef);
    if (!deviceTypeRef) {
      throw invalidField(
        'utilityType',
        `A device without a device type can't be tagged ${utilityType.name} (${utilityType.code}); set its device type first`,
      );
    }
    const deviceType = await loadRef(UID.deviceType, 'deviceType', 'Device type', deviceTypeRef);
    if (!utilityType.active) {
      throw invalidField(
        'utilityType',
        `Utility type ${utilityType.name} (${utilityType.code}) is inactive; device type ${deviceType.name} (${deviceType.code}) can't be tagged with it`,
      );
    }
    if (!(await getService(strapi, 'activation').isPaired(utilityTypeRef, deviceTypeRef))) {
      throw invalidField(
        'utilityType',
        `Device type ${deviceType.name} (${deviceType.code}) is not activated for utility type ${utilityType.name} (${utilityType.code}); pair them in Settings → Utilities → Activation first`,
      );
    }
  }

  const duplicateMeter = (meterNumber: string) =>
    conflict(`A device with meter number ${meterNumber} already exists`, {
      errors: [{ path: ['meterNumber'], message: 'Meter number already used' }],
    });

  async function assertMeterFree(meterNumber: string, exceptDocumentId?: string) {
    const existing = (await documents().findFirst({
      filters: { meterNumber },
      fields: ['meterNumber'],
    })) as { documentId: string } | null;
    if (existing && existing.documentId !== exceptDocumentId) throw duplicateMeter(meterNumber);
  }

  /** Readings stored before the meter was known are linked as soon as it is. */
  async function linkReadings(meterNumber: string, documentId: string) {
    await readings()
      .where({ meter_number: meterNumber })
      .whereNull('device_ref')
      .update({ device_ref: documentId });
  }

  async function write(action: () => Promise<unknown>, meterNumber: string) {
    try {
      return (await action()) as Stored;
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateMeter(meterNumber);
      throw error;
    }
  }

  /**
   * The rows of `createBare`: what `create` writes for a body of only a meter number and
   * a source (parseDeviceCreate's defaults), plus what the document service would add —
   * the timestamps and publishedAt (no draft & publish: every device is the published
   * one). The documentId is left to the query engine, which fills it from the attribute's
   * default (cuid2's createId, as for any document); see insertInvoices in charge-runs.ts.
   */
  function bareRow(input: DeviceInput, now: Date) {
    const { deviceType, utilityType, ...scalars } = input;
    // A bare body names no types: nothing to link, nothing for assertTagAllowed to check.
    if (deviceType !== null || utilityType !== null) throw new Error('a bare device has no types');
    return { ...scalars, createdAt: now, updatedAt: now, publishedAt: now };
  }

  /**
   * One INSERT for all rows when none collides; when one does (another request or node
   * created that meter number meanwhile), the statement is rolled back whole and the rows
   * are inserted one by one, each collision counting as "exists". Answers the meter
   * numbers inserted here.
   */
  async function insertBare(rows: ReturnType<typeof bareRow>[]): Promise<string[]> {
    const query = strapi.db.query(UID.device);
    try {
      await query.createMany({ data: rows });
      return rows.map((r) => r.meterNumber);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const inserted: string[] = [];
    for (const row of rows) {
      try {
        await query.create({ data: row });
        inserted.push(row.meterNumber);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return inserted;
  }

  /** What `create` ends with, for many devices: readings linked, and the document service's entry.create event (webhooks). */
  async function announceBare(meterNumbers: string[]) {
    const model = strapi.getModel(UID.device);
    for (let i = 0; i < meterNumbers.length; i += BARE_LOOKUP_CHUNK) {
      const part = meterNumbers.slice(i, i + BARE_LOOKUP_CHUNK);
      const rows = (await strapi.db
        .query(UID.device)
        .findMany({ where: { meterNumber: { $in: part } } })) as Stored[];
      // One query for the usual answer (no reading waits for these meters), then one UPDATE per meter that has some.
      const waiting = (await readings()
        .distinct('meter_number')
        .whereIn('meter_number', part)
        .whereNull('device_ref')) as Array<{ meter_number: string }>;
      const documentIdOf = new Map(rows.map((r) => [r.meterNumber, r.documentId]));
      for (const { meter_number } of waiting) {
        const documentId = documentIdOf.get(meter_number);
        if (documentId) await linkReadings(meter_number, documentId);
      }
      for (const entry of rows)
        void strapi.eventHub.emit('entry.create', { model: model.modelName, uid: UID.device, entry });
    }
  }

  return {
    findOrFail,

    /**
     * Devices of bare meter numbers — the devices usage records introduce — many at once:
     * the rules of `create` for a body of `{ meterNumber, source }` (parseDeviceCreate),
     * written in one multi-row INSERT rather than one document-service create (and
     * transaction) each. A 100,000-row upload introducing 500 devices spent some 7 s of
     * 19 s creating them one by one (bench/README.md, "The batch towards 50,000
     * records/s"). Unlike `create`, database lifecycles see createMany
     * (beforeCreateMany/afterCreateMany) unless a collision sends the rows one by one.
     * Answers an outcome for each meter number given.
     */
    async createBare(
      meterNumbers: string[],
      source: 'usage-api' | 'import',
    ): Promise<Map<string, BareDeviceOutcome>> {
      const outcomes = new Map<string, BareDeviceOutcome>();
      const byMeter = new Map<string, { input: DeviceInput; given: string[] }>();
      for (const given of meterNumbers) {
        let input: DeviceInput;
        try {
          input = parseDeviceCreate({ meterNumber: given, source });
        } catch (error) {
          if (!(error instanceof DomainError && error.kind === 'invalid')) throw error;
          outcomes.set(given, { status: 'invalid', message: error.message });
          continue;
        }
        // " AB" and "AB" are one meter (parseDeviceCreate trims): one row for both.
        const same = byMeter.get(input.meterNumber);
        if (same) same.given.push(given);
        else byMeter.set(input.meterNumber, { input, given: [given] });
      }
      if (byMeter.size === 0) return outcomes;
      const now = new Date();
      const inserted = new Set(await insertBare([...byMeter.values()].map((m) => bareRow(m.input, now))));
      for (const [meterNumber, { given }] of byMeter)
        for (const g of given) outcomes.set(g, { status: inserted.has(meterNumber) ? 'created' : 'exists' });
      await announceBare([...inserted]);
      return outcomes;
    },

    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: SORTABLE,
        defaultSort: [{ field: 'meterNumber', direction: 'asc' }],
        filters: ['active', 'q', 'deviceType', 'utilityType'],
      });
      const active = parseBooleanFilter('active', query.active);
      const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);
      const q = text(query.q);
      const deviceType = text(query.deviceType);
      const utilityType = text(query.utilityType);
      const filters = {
        ...(active === undefined ? {} : { active }),
        ...(q ? { $or: [{ meterNumber: { $containsi: q } }, { label: { $containsi: q } }] } : {}),
        ...(deviceType ? { deviceType: { documentId: deviceType } } : {}),
        ...(utilityType === 'none'
          ? { utilityType: { id: { $null: true } } }
          : utilityType
            ? { utilityType: { documentId: utilityType } }
            : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({
          filters,
          populate: POPULATE,
          sort: list.sort.map((s) => ({ [s.field]: s.direction })),
          limit: list.pageSize,
          start: (list.page - 1) * list.pageSize,
        }),
        documents().count({ filters }),
      ]);
      const installed = await installedToday((rows as Stored[]).map((r) => r.documentId));
      return {
        data: (rows as Stored[]).map((row) => ({
          ...toDeviceDto(row),
          installedAt: installed.get(row.documentId) ?? null,
        })),
        meta: paginationMeta(list, total),
      };
    },

    async get(documentId: string) {
      return toDeviceDto(await findOrFail(documentId));
    },

    async findByMeterNumber(meterNumber: string) {
      const row = await documents().findFirst({ filters: { meterNumber }, populate: POPULATE });
      return row ? toDeviceDto(row as Stored) : null;
    },

    async create(body: unknown) {
      const input = parseDeviceCreate(body);
      if (input.deviceType) await loadRef(UID.deviceType, 'deviceType', 'Device type', input.deviceType);
      await assertTagAllowed(input.deviceType, input.utilityType);
      await assertMeterFree(input.meterNumber);
      const created = await write(
        () => documents().create({ data: writable(UID.device, input) }),
        input.meterNumber,
      );
      await linkReadings(input.meterNumber, created.documentId);
      return this.get(created.documentId);
    },

    async update(documentId: string, body: unknown) {
      const stored = await findOrFail(documentId);
      const patch = parseDeviceUpdate(body);
      const deviceTypeRef =
        patch.deviceType !== undefined ? patch.deviceType : (stored.deviceType?.documentId ?? null);
      const utilityTypeRef =
        patch.utilityType !== undefined ? patch.utilityType : (stored.utilityType?.documentId ?? null);
      if (patch.deviceType) await loadRef(UID.deviceType, 'deviceType', 'Device type', patch.deviceType);
      // The tag is re-checked only when the tag or the device type changes: a device
      // flagged "not activated" can still be renamed or deactivated.
      const tagChanges = patch.deviceType !== undefined || patch.utilityType !== undefined;
      if (tagChanges) await assertTagAllowed(deviceTypeRef, utilityTypeRef);
      if (patch.meterNumber && patch.meterNumber !== stored.meterNumber)
        await assertMeterFree(patch.meterNumber, documentId);
      const data = { ...patch, ...(tagChanges ? { notActivated: false } : {}) };
      await write(
        () => documents().update({ documentId, data: writable(UID.device, data) }),
        patch.meterNumber ?? stored.meterNumber,
      );
      if (patch.meterNumber) await linkReadings(patch.meterNumber, documentId);
      return this.get(documentId);
    },

    async delete(documentId: string) {
      const stored = await findOrFail(documentId);
      const [{ n }] = await readings()
        .where({ device_ref: documentId })
        .orWhere({ meter_number: stored.meterNumber })
        .count({ n: '*' });
      const count = Number(n);
      if (count > 0) {
        throw conflict(
          `Device ${stored.meterNumber} has ${count} stored reading${count === 1 ? '' : 's'} and can't be deleted. Deactivate it instead.`,
          {
            readings: count,
          },
        );
      }
      // Other features' uses (e.g. installations at billing points, server/billing-references.ts).
      const references = await getService(strapi, 'references').find(UID.device, documentId);
      if (references.length > 0) {
        const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
        throw conflict(
          `Device ${stored.meterNumber} is still used (${uses}) and can't be deleted. Deactivate it instead.`,
          { references },
        );
      }
      await documents().delete({ documentId });
      return toDeviceDto(stored);
    },
  };
};
