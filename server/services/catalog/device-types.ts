import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  parseDeviceTypeCreate,
  parseDeviceTypeUpdate,
  type DeviceTypeInput,
} from '../../../src/catalog/device-type';
import { codedRecords } from '../common/coded-records';

type Stored = DeviceTypeInput & { documentId: string; createdAt: string; updatedAt: string };

export const toDeviceTypeDto = (row: Stored) => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  manufacturer: row.manufacturer ?? null,
  description: row.description ?? null,
  active: row.active ?? true,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export default ({ strapi }: { strapi: Core.Strapi }) =>
  codedRecords(strapi, {
    uid: UID.deviceType,
    label: 'Device type',
    toDto: toDeviceTypeDto,
    parseCreate: parseDeviceTypeCreate,
    parseUpdate: parseDeviceTypeUpdate,
    sortable: ['code', 'name', 'manufacturer', 'active', 'createdAt', 'updatedAt'],
    defaultSort: [{ field: 'name', direction: 'asc' }],
    searchFields: ['code', 'name', 'manufacturer'],
  });
