import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/** Device types, devices and the activation matrix, as the admin API returns them. */
const ref = z.object({ documentId: z.string(), code: z.string(), name: z.string() });

export const deviceTypeSchema = ref.extend({
  manufacturer: z.string().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
});
export type DeviceType = z.infer<typeof deviceTypeSchema>;

export const deviceSchema = z.object({
  documentId: z.string(),
  meterNumber: z.string(),
  label: z.string().nullable(),
  deviceType: ref.nullable(),
  utilityType: ref.nullable(),
  registers: z.array(z.string()),
  unit: z.string().nullable(),
  multiplier: z.string(),
  rolloverAt: z.string().nullable(),
  active: z.boolean(),
  source: z.string(),
  notActivated: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

export const matrixSchema = z.object({
  devicesModuleEnabled: z.boolean(),
  notice: z.string().nullable(),
  deviceTypes: z.array(ref),
  utilityTypes: z.array(ref.extend({ displayOrder: z.number(), deviceTypes: z.array(ref) })),
});
export type ActivationMatrix = z.infer<typeof matrixSchema>;

export const activationResultSchema = z.object({
  message: z.string(),
  added: z.number(),
  removed: z.number(),
  notActivatedDevices: z.array(
    z.object({ documentId: z.string(), meterNumber: z.string(), label: z.string().nullable() }),
  ),
});

export type DeviceBody = {
  meterNumber?: string;
  label?: string | null;
  deviceType?: string | null;
  utilityType?: string | null;
  registers?: string[];
  unit?: string | null;
  multiplier?: string;
  rolloverAt?: string | null;
  active?: boolean;
};
export type DeviceTypeBody = {
  code?: string;
  name?: string;
  manufacturer?: string | null;
  description?: string | null;
  active?: boolean;
};

export function useCatalogApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(
    () => ({
      activation: {
        matrix: async () => one(matrixSchema).parse((await get('/utilities/activation')).data).data,
        update: async (utilityTypeId: string, deviceTypeIds: string[], proceed = false) =>
          one(activationResultSchema).parse(
            (await put(`/utilities/activation/${utilityTypeId}`, { deviceTypeIds, proceed })).data,
          ).data,
      },
      deviceTypes: {
        list: async (params: Record<string, string | number> = {}) =>
          listOf(deviceTypeSchema).parse((await get('/utilities/device-types', { params })).data),
        create: async (body: DeviceTypeBody) =>
          one(deviceTypeSchema).parse((await post('/utilities/device-types', body)).data).data,
        update: async (id: string, body: DeviceTypeBody) =>
          one(deviceTypeSchema).parse((await put(`/utilities/device-types/${id}`, body)).data).data,
        remove: async (id: string) => void (await del(`/utilities/device-types/${id}`)),
      },
      devices: {
        list: async (params: Record<string, string | number> = {}) =>
          listOf(deviceSchema).parse((await get('/utilities/devices', { params })).data),
        get: async (id: string) =>
          one(deviceSchema).parse((await get(`/utilities/devices/${encodeURIComponent(id)}`)).data).data,
        create: async (body: DeviceBody) =>
          one(deviceSchema).parse((await post('/utilities/devices', body)).data).data,
        update: async (id: string, body: DeviceBody) =>
          one(deviceSchema).parse((await put(`/utilities/devices/${id}`, body)).data).data,
        remove: async (id: string) => void (await del(`/utilities/devices/${id}`)),
      },
    }),
    [get, post, put, del],
  );
}
