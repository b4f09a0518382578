import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  parseUsageMetricCreate,
  parseUsageMetricUpdate,
  type UsageMetricInput,
} from '../../../src/billing/usage-metric';
import { codedRecords } from '../common/coded-records';

type Stored = UsageMetricInput & { documentId: string; createdAt: string; updatedAt: string };

const toDto = (row: Stored) => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  eGroup: row.eGroup,
  eId: row.eId ?? null,
  field: row.field ?? 'intCounter',
  aggregation: row.aggregation,
  unit: row.unit,
  description: row.description ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * Usage metrics: what a usage-record rate prices. A permanent unique code (like
 * the catalog's), so the shared coded-record life applies — including a delete
 * refused while rates use the metric.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = codedRecords<UsageMetricInput, Stored, ReturnType<typeof toDto>>(strapi, {
    uid: UID.usageMetric,
    label: 'Usage metric',
    toDto,
    parseCreate: parseUsageMetricCreate,
    parseUpdate: parseUsageMetricUpdate,
    sortable: ['code', 'name', 'eGroup', 'createdAt', 'updatedAt'],
    defaultSort: [{ field: 'code', direction: 'asc' }],
    searchFields: ['code', 'name', 'eGroup'],
  });
  return {
    ...records,
    // Usage metrics have no "active" flag: the shared list must not filter on one.
    list: (query: Record<string, unknown>) => records.list({ ...query, active: undefined }),
  };
};
