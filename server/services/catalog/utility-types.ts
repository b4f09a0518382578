import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  parseUtilityTypeCreate,
  parseUtilityTypeUpdate,
  type UtilityTypeInput,
} from '../../../src/catalog/utility-type';
import { codedRecords } from '../common/coded-records';

type Stored = UtilityTypeInput & { documentId: string; createdAt: string; updatedAt: string };

/** The fields an API client sees: never internal columns. */
export const toUtilityTypeDto = (row: Stored) => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  description: row.description ?? null,
  identifierSchema: row.identifierSchema ?? null,
  displayOrder: row.displayOrder ?? 0,
  active: row.active ?? true,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export default ({ strapi }: { strapi: Core.Strapi }) =>
  codedRecords(strapi, {
    uid: UID.utilityType,
    label: 'Utility type',
    toDto: toUtilityTypeDto,
    parseCreate: parseUtilityTypeCreate,
    parseUpdate: parseUtilityTypeUpdate,
    sortable: ['code', 'name', 'displayOrder', 'active', 'createdAt', 'updatedAt'],
    defaultSort: [
      { field: 'displayOrder', direction: 'asc' },
      { field: 'name', direction: 'asc' },
    ],
    searchFields: ['code', 'name'],
  });
