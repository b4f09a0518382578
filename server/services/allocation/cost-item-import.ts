import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { MAX_COST_CSV_BYTES, readCostItemCsv } from '../../../src/allocation/cost-item-csv';
import { parseDecimal } from '../../../src/charging/decimal';
import { DomainError, invalidField } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import { getService } from '../../plugin';
import type { Row } from '../billing/billing-support';

/**
 * Cost items imported from CSV (src/allocation/cost-item-csv.ts reads the file):
 * each line is created through the same records service as a typed-in item —
 * the same checks, the same period lock — and gets its own outcome:
 *
 *   created    stored (its documentId)
 *   duplicate  the building already has an item of that category, date, amount
 *              and supplier (stored before, or on an earlier line): not stored again
 *   rejected   refused, with the reason (unknown category, a credit outside a
 *              credit category, a date in a finalized period …)
 *
 * A line refused never stops the others; a file that cannot be read at all
 * (no header, too large) is a 400 and nothing is stored.
 */
export const importBody = z.strictObject(
  {
    building: z.string({ error: 'building is required' }).trim().min(1).max(64),
    csv: z
      .string({ error: 'csv must be the file as text' })
      .max(MAX_COST_CSV_BYTES, { error: `csv is at most ${MAX_COST_CSV_BYTES / 1024} KB` }),
  },
  { error: 'The body must be { building, csv }' },
);

/**
 * A line's outcome. `message` is English for the API; `code` and `params` (and a
 * refused field's `errors`, as in a 400 body) let the admin word it in its language.
 */
type Explained = { message: string; code: string; params: Record<string, unknown>; errors?: unknown[] };
export type ImportOutcome =
  | { line: number; outcome: 'created'; documentId: string }
  | ({ line: number; outcome: 'duplicate' } & Explained)
  | ({ line: number; outcome: 'rejected' } & Explained);

const identity = (item: {
  category: string;
  date: string;
  amount: string;
  supplier: string | null | undefined;
}) => {
  const amount = parseDecimal(item.amount);
  return JSON.stringify([
    item.category,
    item.date,
    amount ? amount.toFixed(2) : item.amount,
    (item.supplier ?? '').trim().toLowerCase(),
  ]);
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async importCsv(body: unknown) {
    const { building, csv } = parseInput(importBody, body);
    const exists = (await strapi.db
      .query(UID.building)
      .findOne({ where: { documentId: building } })) as Row | null;
    if (!exists) throw invalidField('building', `Building "${building}" does not exist`);
    const read = readCostItemCsv(csv);
    if (!read.ok) throw invalidField('csv', read.message);
    const stored = (await strapi.db
      .query(UID.costItem)
      .findMany({ where: { buildingRef: building } })) as Row[];
    const seen = new Set(
      stored.map((r) =>
        identity({
          category: String(r.category),
          date: String(r.date),
          amount: String(r.amount),
          supplier: typeof r.supplier === 'string' ? r.supplier : null,
        }),
      ),
    );
    const costItems = getService(strapi, 'allocation-records').costItems;
    const outcomes: ImportOutcome[] = [];
    for (const row of read.rows) {
      const key = identity(row.body);
      if (seen.has(key)) {
        outcomes.push({
          line: row.line,
          outcome: 'duplicate',
          message: `This building already has ${row.body.category} of ${row.body.amount} on ${row.body.date}${row.body.supplier ? ` from ${row.body.supplier}` : ''}`,
          code: 'cost-item-duplicate',
          params: {
            category: row.body.category,
            amount: row.body.amount,
            date: row.body.date,
            hasSupplier: row.body.supplier ? 'yes' : 'no',
            supplier: row.body.supplier ?? '',
          },
        });
        continue;
      }
      try {
        const created = (await costItems.create({ building, ...row.body })) as { documentId: string };
        seen.add(key);
        outcomes.push({ line: row.line, outcome: 'created', documentId: created.documentId });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const { code, params, errors } = error.details as {
          code?: string;
          params?: Record<string, unknown>;
          errors?: unknown[];
        };
        outcomes.push({
          line: row.line,
          outcome: 'rejected',
          message: error.message,
          code: code ?? 'validation',
          params: params ?? {},
          ...(errors?.length ? { errors } : {}),
        });
      }
    }
    const count = (outcome: ImportOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
    return {
      data: outcomes,
      meta: { created: count('created'), duplicate: count('duplicate'), rejected: count('rejected') },
    };
  },
});
