import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable, type Stored } from '../../database/entities';
import { conflict, notFound } from '../../../src/common/errors';
import { paginationMeta, refuseUnknownQuery } from '../../../src/common/list-query';
import { parseAtDate } from '../../../src/billing/dates';
import {
  assertDeviceFree,
  parseInstallationCreate,
  parseInstallationUpdate,
  parseLink,
  type StoredInstallation,
} from '../../../src/billing/meter-installation';
import { isUniqueViolation } from '../../http/db-errors';
import { withBillingLock } from '../../database/billing-locks';
import { getService } from '../../plugin';
import {
  asStored,
  asStoredAll,
  asStoredOrNull,
  billingPointBrief,
  billingPointContext,
  describePoint,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  textParam,
} from './billing-support';

type Installation = Stored<typeof UID.meterInstallation>;

const SORTABLE = ['fromDate', 'toDate', 'createdAt'] as const;
export const deviceLock = (documentId: string) => `device:${documentId}`;

/**
 * Meter installations: which meter measured for which billing point, when.
 * Writes for a device run under that device's lock, so a meter can't end up at
 * two billing points on one day however requests interleave.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.meterInstallation);

  async function dtos(rows: Installation[]) {
    const [devices, points] = await Promise.all([
      strapi.documents(UID.device).findMany({
        filters: { documentId: { $in: [...new Set(rows.map((r) => r.deviceRef))] } },
        populate: {
          utilityType: { fields: ['code', 'name', 'displayOrder'] },
          deviceType: { fields: ['code', 'name'] },
        },
        limit: rows.length || 1,
      }),
      loadDocuments(
        strapi,
        UID.billingPoint,
        rows.map((r) => r.billingPointRef),
      ),
    ]);
    const deviceById = new Map(devices.map((d) => [d.documentId, d]));
    return rows.map((row) => {
      const device = deviceById.get(row.deviceRef);
      return {
        documentId: row.documentId,
        device: device
          ? {
              documentId: device.documentId,
              meterNumber: device.meterNumber ?? '',
              label: device.label ?? null,
              unit: device.unit ?? null,
              active: device.active ?? true,
              utilityType: device.utilityType
                ? {
                    documentId: device.utilityType.documentId,
                    code: device.utilityType.code,
                    name: device.utilityType.name,
                    displayOrder: device.utilityType.displayOrder ?? 0,
                  }
                : null,
              deviceType: device.deviceType
                ? {
                    documentId: device.deviceType.documentId,
                    code: device.deviceType.code,
                    name: device.deviceType.name,
                  }
                : null,
            }
          : null,
        billingPoint: points.has(row.billingPointRef)
          ? billingPointBrief(points.get(row.billingPointRef)!)
          : null,
        from: row.fromDate,
        to: row.toDate ?? null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  }
  const dto = async (row: Installation) => (await dtos([row]))[0];

  async function findDevice(documentId: string) {
    return referencedDocument(strapi, UID.device, documentId, 'device', 'Device');
  }

  /** What a message names a meter by. */
  type MeterNamed = { documentId?: string; meterNumber?: string | null; label?: string | null };
  const meterLabel = (device: MeterNamed): string => {
    const number = device.meterNumber ?? '';
    return device.label ? `${number} (${device.label})` : number;
  };

  /** Every installation of the device, with where, for conflict messages. */
  async function installationsOf(deviceId: string): Promise<StoredInstallation[]> {
    const rows = asStoredAll(
      UID.meterInstallation,
      await documents().findMany({ filters: { deviceRef: deviceId }, limit: 100_000 }),
    );
    const points = await loadDocuments(
      strapi,
      UID.billingPoint,
      rows.map((r) => r.billingPointRef),
    );
    return rows.map((r) => ({
      id: r.documentId,
      deviceId: r.deviceRef,
      billingPointId: r.billingPointRef,
      billingPointLabel: points.has(r.billingPointRef)
        ? describePoint(points.get(r.billingPointRef)!)
        : r.billingPointRef,
      from: r.fromDate,
      to: r.toDate ?? null,
    }));
  }

  async function write<T>(action: () => Promise<T>, device: MeterNamed, from: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`Meter ${meterLabel(device)} already has an installation starting on ${from}`);
      throw error;
    }
  }

  async function ofBillingPoint(billingPointId: string, installationId: string) {
    const row = asStoredOrNull(
      UID.meterInstallation,
      await documents().findOne({ documentId: installationId }),
    );
    if (!row || row.billingPointRef !== billingPointId) throw notFound('Meter installation', installationId);
    return row;
  }

  /** Utility order (display order, then name), then meter, then newest first: "the billing point's meters by utility". */
  const byUtility = (list: Awaited<ReturnType<typeof dtos>>) =>
    list.sort((a, b) => {
      const ua = a.device?.utilityType;
      const ub = b.device?.utilityType;
      return (
        (ua?.displayOrder ?? 1e9) - (ub?.displayOrder ?? 1e9) ||
        (ua?.name ?? '').localeCompare(ub?.name ?? '') ||
        (a.device?.meterNumber ?? '').localeCompare(b.device?.meterNumber ?? '') ||
        (a.from < b.from ? 1 : a.from > b.from ? -1 : 0)
      );
    });

  return {
    /** `?device=&billingPoint=` — e.g. a meter's history across billing points. */
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'fromDate', direction: 'desc' }],
        ['device', 'billingPoint'],
      );
      const device = textParam(query, 'device', 64);
      const billingPoint = textParam(query, 'billingPoint', 64);
      const filters = {
        ...(device ? { deviceRef: device } : {}),
        ...(billingPoint ? { billingPointRef: billingPoint } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return {
        data: await dtos(asStoredAll(UID.meterInstallation, rows)),
        meta: paginationMeta(list, total),
      };
    },

    /** The billing point's meters, grouped by utility; `?at=` keeps only those installed that day. */
    async listForBillingPoint(billingPointId: string, query: Record<string, unknown>) {
      refuseUnknownQuery(query, ['at']);
      const context = await billingPointContext(strapi, billingPointId);
      const at = query.at === undefined ? null : parseAtDate(query.at, context.timezone);
      const filters = {
        billingPointRef: billingPointId,
        ...(at
          ? { fromDate: { $lte: at }, $or: [{ toDate: { $null: true } }, { toDate: { $gte: at } }] }
          : {}),
      };
      const rows = asStoredAll(UID.meterInstallation, await documents().findMany({ filters, limit: 10_000 }));
      const data = byUtility(await dtos(rows));
      return { data, meta: { at, total: data.length } };
    },

    async create(billingPointId: string, body: unknown) {
      const input = parseInstallationCreate(body);
      await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
      const device = await findDevice(input.device);
      const row = await withBillingLock(strapi, deviceLock(device.documentId), async () => {
        assertDeviceFree(meterLabel(device), await installationsOf(device.documentId), input);
        return write(
          () =>
            documents().create({
              data: writable(UID.meterInstallation, {
                deviceRef: device.documentId,
                billingPointRef: billingPointId,
                fromDate: input.from,
                toDate: input.to,
              }),
            }),
          device,
          input.from,
        );
      });
      return dto(asStored(UID.meterInstallation, row));
    },

    /**
     * Links a meter to an existing billing point or to a new one created in the
     * same transaction (the guide's "link a meter to an existing billing point
     * or directly create a new billing point").
     */
    async link(body: unknown) {
      const input = parseLink(body);
      const device = await findDevice(input.device);
      if (typeof input.billingPoint === 'string')
        await referencedDocument(
          strapi,
          UID.billingPoint,
          input.billingPoint,
          'billingPoint',
          'Billing point',
        );
      const row = await withBillingLock(strapi, deviceLock(device.documentId), async () => {
        assertDeviceFree(meterLabel(device), await installationsOf(device.documentId), input);
        const pointId =
          typeof input.billingPoint === 'string'
            ? input.billingPoint
            : (await getService(strapi, 'billing-points').createPoint(input.billingPoint)).documentId;
        return write(
          () =>
            documents().create({
              data: writable(UID.meterInstallation, {
                deviceRef: device.documentId,
                billingPointRef: pointId,
                fromDate: input.from,
                toDate: input.to,
              }),
            }),
          device,
          input.from,
        );
      });
      return dto(asStored(UID.meterInstallation, row));
    },

    /** `{ to }` unlinks the meter at that date (the history stays); `{ from }` corrects the start. */
    async update(billingPointId: string, installationId: string, body: unknown) {
      const current = await ofBillingPoint(billingPointId, installationId);
      parseInstallationUpdate(body, { from: current.fromDate, to: current.toDate ?? null });
      const device = await findOne(current.deviceRef);
      await withBillingLock(strapi, deviceLock(current.deviceRef), async () => {
        const row = await ofBillingPoint(billingPointId, installationId);
        const merged = parseInstallationUpdate(body, { from: row.fromDate, to: row.toDate ?? null });
        assertDeviceFree(
          device ? meterLabel(device) : row.deviceRef,
          await installationsOf(row.deviceRef),
          merged,
          installationId,
        );
        await write(
          () =>
            documents().update({
              documentId: installationId,
              data: writable(UID.meterInstallation, { fromDate: merged.from, toDate: merged.to }),
            }),
          device ?? { meterNumber: row.deviceRef },
          merged.from,
        );
      });
      return dto(await ofBillingPoint(billingPointId, installationId));
    },

    /** Removes an installation entered by mistake (to end one, set its `to`). */
    async delete(billingPointId: string, installationId: string) {
      const row = await ofBillingPoint(billingPointId, installationId);
      const before = await dto(row);
      await withBillingLock(strapi, deviceLock(row.deviceRef), async () => {
        await ofBillingPoint(billingPointId, installationId);
        await documents().delete({ documentId: installationId });
      });
      return before;
    },
  };

  async function findOne(documentId: string) {
    return await strapi.documents(UID.device).findOne({ documentId });
  }
};
