import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { MAX_COST_CSV_BYTES, readCostItemCsv } from '../../../src/allocation/cost-item-csv';
import { parseDecimal } from '../../../src/charging/decimal';
import {
  OutageOutlasted,
  retryThroughOutage,
  type Interruption,
  type RetryPolicy,
} from '../../../src/common/db-outage';
import { DomainError, invalidField, unavailable } from '../../../src/common/errors';
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
 *
 * Each line is its own transaction (the records service's, under the building's
 * settlement lock), and a line already stored comes back as a duplicate, so the file can
 * always be sent again. A database outage mid-file is healed inside the request: the line
 * is tried again with backoff once the database answers (first looking whether its item
 * was stored after all — then it is `created`, not stored twice), and the answer's
 * `meta.interruptions` says so. When the database stays away, the answer is a 503 with
 * Retry-After naming how many lines were stored: sending the file again stores the rest.
 */
export const COST_IMPORT_OUTAGE_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 8000, attempts: 6 };
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
    /** The building's items by identity, as stored now. */
    const storedItems = async () =>
      new Map(
        ((await strapi.db.query(UID.costItem).findMany({ where: { buildingRef: building } })) as Row[]).map(
          (r) => [
            identity({
              category: String(r.category),
              date: String(r.date),
              amount: String(r.amount),
              supplier: typeof r.supplier === 'string' ? r.supplier : null,
            }),
            String(r.documentId),
          ],
        ),
      );
    const seen = new Set((await storedItems()).keys());
    const costItems = getService(strapi, 'allocation-records').costItems;
    const outcomes: ImportOutcome[] = [];
    const interruptions: Interruption[] = [];
    const budget = { used: 0 };
    /** After an outage: the items stored by now (a line's create may have committed unanswered). */
    let storedNow: Map<string, string> | null = null;
    const create = (key: string, body: (typeof read.rows)[number]['body']) =>
      retryThroughOutage(
        async () => {
          const already = storedNow?.get(key);
          if (already) return { documentId: already };
          const created: { documentId: string } = await costItems.create({ building, ...body });
          return created;
        },
        {
          policy: COST_IMPORT_OUTAGE_RETRY,
          budget,
          resumed: async ({ at, reason }) => {
            storedNow = await storedItems();
            if (!interruptions.some((i) => i.at === at)) interruptions.push({ at, reason });
          },
        },
      );
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
        const created = await create(key, row.body);
        seen.add(key);
        outcomes.push({ line: row.line, outcome: 'created', documentId: created.documentId });
      } catch (error) {
        if (error instanceof OutageOutlasted) {
          const created = outcomes.filter((o) => o.outcome === 'created').length;
          throw unavailable(
            `The database stopped answering at line ${row.line} (${error.outage.code}); ${created} line(s) before it were stored. Send the file again once it answers: the stored lines come back as duplicates.`,
            30,
            'cost-import.database-unavailable',
            { line: row.line, created },
          );
        }
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
      meta: {
        created: count('created'),
        duplicate: count('duplicate'),
        rejected: count('rejected'),
        interruptions,
      },
    };
  },
});
