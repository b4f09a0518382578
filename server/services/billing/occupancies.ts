import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable, type Filters, type Stored } from '../../database/entities';
import { conflict, notFound } from '../../../src/common/errors';
import { paginationMeta, refuseUnknownQuery } from '../../../src/common/list-query';
import { coverage, parseCoverageQuery } from '../../../src/billing/coverage';
import { parseAtDate } from '../../../src/billing/dates';
import { rangeContains } from '../../../src/billing/date-range';
import { parseMove, planMove } from '../../../src/billing/move';
import {
  assertNoOccupancyOverlap,
  parseOccupancyCreate,
  parseOccupancyUpdate,
  type StoredOccupancy,
} from '../../../src/billing/occupancy';
import { isUniqueViolation } from '../../http/db-errors';
import { partyLock, withBillingLock } from '../../database/billing-locks';
import { getService } from '../../plugin';
import { billingPointLock } from './billing-points';
import {
  asStored,
  asStoredAll,
  asStoredOrNull,
  billingPointBrief,
  billingPointContext,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  partyBrief,
  textParam,
} from './billing-support';

type Occupancy = Stored<typeof UID.occupancy>;

const SORTABLE = ['entryDate', 'exitDate', 'createdAt'] as const;

/**
 * Occupancies of billing points, moves and coverage. Every write to a billing
 * point's occupancies runs under that billing point's lock (one transaction:
 * lock, read, check, write), so two editors — or two concurrent moves — can
 * never leave overlapping occupancies: the second one sees the first one's
 * rows and gets the rule's 409.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.occupancy);

  async function dtos(rows: Occupancy[]) {
    const [parties, points] = await Promise.all([
      loadDocuments(
        strapi,
        UID.party,
        rows.map((r) => r.partyRef),
      ),
      loadDocuments(
        strapi,
        UID.billingPoint,
        rows.map((r) => r.billingPointRef),
      ),
    ]);
    return rows.map((row) => ({
      documentId: row.documentId,
      billingPoint: points.has(row.billingPointRef)
        ? billingPointBrief(points.get(row.billingPointRef)!)
        : null,
      party: parties.has(row.partyRef)
        ? partyBrief(parties.get(row.partyRef)!)
        : { documentId: row.partyRef, kind: 'natural', displayName: '' },
      entryDate: row.entryDate,
      exitDate: row.exitDate ?? null,
      note: row.note ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
  const dto = async (row: Occupancy) => (await dtos([row]))[0];

  /** The billing point's occupancies with the party names conflict messages quote. */
  async function stored(billingPointId: string): Promise<(StoredOccupancy & { row: Occupancy })[]> {
    const rows = asStoredAll(
      UID.occupancy,
      await documents().findMany({
        filters: { billingPointRef: billingPointId },
        sort: [{ entryDate: 'asc' }],
        limit: 100_000,
      }),
    );
    const parties = await loadDocuments(
      strapi,
      UID.party,
      rows.map((r) => r.partyRef),
    );
    return rows.map((row) => ({
      id: row.documentId,
      partyId: row.partyRef,
      partyName: parties.get(row.partyRef)?.displayName ?? '',
      entryDate: row.entryDate,
      exitDate: row.exitDate ?? null,
      row,
    }));
  }

  async function ofBillingPoint(billingPointId: string, occupancyId: string) {
    const row = asStoredOrNull(UID.occupancy, await documents().findOne({ documentId: occupancyId }));
    if (!row || row.billingPointRef !== billingPointId) throw notFound('Occupancy', occupancyId);
    return row;
  }

  /** Last line of defence: the (billing point, entry date) unique index. */
  async function write<T>(action: () => Promise<T>, entryDate: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`Another occupancy of this billing point already starts on ${entryDate}`);
      throw error;
    }
  }

  async function listWhere(
    filters: Filters<typeof UID.occupancy>,
    query: Record<string, unknown>,
    accepted: readonly string[],
  ) {
    const { list, args } = listArgs(query, SORTABLE, [{ field: 'entryDate', direction: 'desc' }], accepted);
    const [rows, total] = await Promise.all([
      documents().findMany({ filters, ...args }),
      documents().count({ filters }),
    ]);
    return { data: await dtos(asStoredAll(UID.occupancy, rows)), meta: paginationMeta(list, total) };
  }

  return {
    /** `?party=&billingPoint=` across billing points (a party's history). */
    async list(query: Record<string, unknown>) {
      const party = textParam(query, 'party', 64);
      const billingPoint = textParam(query, 'billingPoint', 64);
      return listWhere(
        { ...(party ? { partyRef: party } : {}), ...(billingPoint ? { billingPointRef: billingPoint } : {}) },
        query,
        ['party', 'billingPoint'],
      );
    },

    async listForBillingPoint(billingPointId: string, query: Record<string, unknown>) {
      refuseUnknownQuery(query, ['page', 'pageSize', 'sort']);
      await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
      return listWhere({ billingPointRef: billingPointId }, query, []);
    },

    async create(billingPointId: string, body: unknown) {
      const input = parseOccupancyCreate(body);
      await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
      await referencedDocument(strapi, UID.party, input.party, 'party', 'Party');
      // The party's lock too, so the party can't be deleted while it gets this occupancy.
      const row = await withBillingLock(
        strapi,
        [billingPointLock(billingPointId), partyLock(input.party)],
        async () => {
          await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
          await referencedDocument(strapi, UID.party, input.party, 'party', 'Party');
          assertNoOccupancyOverlap(await stored(billingPointId), input);
          return write(
            () =>
              documents().create({
                data: writable(UID.occupancy, {
                  billingPointRef: billingPointId,
                  partyRef: input.party,
                  entryDate: input.entryDate,
                  exitDate: input.exitDate,
                  note: input.note,
                }),
              }),
            input.entryDate,
          );
        },
      );
      return dto(asStored(UID.occupancy, row));
    },

    async update(billingPointId: string, occupancyId: string, body: unknown) {
      const current = await ofBillingPoint(billingPointId, occupancyId);
      // Parse against what is stored now; re-read under the lock below before writing.
      const requested = parseOccupancyUpdate(body, {
        party: current.partyRef,
        entryDate: current.entryDate,
        exitDate: current.exitDate ?? null,
        note: current.note,
      });
      await withBillingLock(
        strapi,
        [billingPointLock(billingPointId), partyLock(requested.party)],
        async () => {
          const row = await ofBillingPoint(billingPointId, occupancyId);
          const merged = parseOccupancyUpdate(body, {
            party: row.partyRef,
            entryDate: row.entryDate,
            exitDate: row.exitDate ?? null,
            note: row.note,
          });
          if (merged.party !== requested.party)
            throw conflict('The occupancy changed meanwhile; reload and try again');
          if (merged.party !== row.partyRef)
            await referencedDocument(strapi, UID.party, merged.party, 'party', 'Party');
          assertNoOccupancyOverlap(await stored(billingPointId), merged, occupancyId);
          await write(
            () =>
              documents().update({
                documentId: occupancyId,
                data: writable(UID.occupancy, {
                  partyRef: merged.party,
                  entryDate: merged.entryDate,
                  exitDate: merged.exitDate,
                  note: merged.note,
                }),
              }),
            merged.entryDate,
          );
        },
      );
      return dto(await ofBillingPoint(billingPointId, occupancyId));
    },

    async delete(billingPointId: string, occupancyId: string) {
      const row = await ofBillingPoint(billingPointId, occupancyId);
      const before = await dto(row);
      await withBillingLock(strapi, billingPointLock(billingPointId), async () => {
        await ofBillingPoint(billingPointId, occupancyId);
        await documents().delete({ documentId: occupancyId });
      });
      return before;
    },

    /**
     * Registers a move in one transaction: the current occupant's exit date, then —
     * when there is a next occupant — the new party (if given as data) and the new
     * occupancy. Any failure rolls all of it back.
     */
    async move(billingPointId: string, body: unknown) {
      const move = parseMove(body);
      await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
      const newParty = move.newOccupant?.party;
      if (typeof newParty === 'string')
        await referencedDocument(strapi, UID.party, newParty, 'newOccupant.party', 'Party');
      const locks = [
        billingPointLock(billingPointId),
        ...(typeof newParty === 'string' ? [partyLock(newParty)] : []),
      ];
      const result = await withBillingLock(strapi, locks, async () => {
        await documentOrFail(strapi, UID.billingPoint, billingPointId, 'Billing point');
        if (typeof newParty === 'string')
          await referencedDocument(strapi, UID.party, newParty, 'newOccupant.party', 'Party');
        const plan = planMove(await stored(billingPointId), move);
        // First half: the leaving occupant's exit date.
        await documents().update({
          documentId: plan.end.occupancy.id,
          data: { exitDate: plan.end.exitDate },
        });
        if (!plan.start || !move.newOccupant)
          return { ended: plan.end.occupancy.id, started: null, createdParty: null };
        // Second half: the next occupant (a new party first, when given as data).
        const created =
          typeof newParty === 'object' && newParty !== null
            ? await getService(strapi, 'parties').createParty(newParty)
            : null;
        const partyRef = created ? created.documentId : (newParty as string);
        const next = await write(
          () =>
            documents().create({
              data: writable(UID.occupancy, {
                billingPointRef: billingPointId,
                partyRef,
                entryDate: plan.start!.entryDate,
                exitDate: plan.start!.exitDate,
                note: move.newOccupant!.note,
              }),
            }),
          plan.start.entryDate,
        );
        return {
          ended: plan.end.occupancy.id,
          started: next.documentId,
          createdParty: created?.documentId ?? null,
        };
      });
      const rows = asStoredAll(
        UID.occupancy,
        await documents().findMany({
          filters: { documentId: { $in: [result.ended, ...(result.started ? [result.started] : [])] } },
        }),
      );
      const out = await dtos(rows);
      return {
        ended: out.find((o) => o.documentId === result.ended)!,
        started: out.find((o) => o.documentId === result.started) ?? null,
        createdParty: result.createdParty,
      };
    },

    /** GET /billing-points/:id/coverage?from&to — occupied and vacant periods, each with who is billed. */
    async coverage(billingPointId: string, query: Record<string, unknown>) {
      const range = parseCoverageQuery(query);
      const context = await billingPointContext(strapi, billingPointId);
      const occupancies = await stored(billingPointId);
      const periods = coverage(occupancies, context.vacancyPayer, range.from, range.to);
      const parties = await loadDocuments(
        strapi,
        UID.party,
        periods.map((p) => p.partyId),
      );
      return {
        billingPoint: billingPointBrief(context.point),
        timezone: context.timezone,
        from: range.from,
        to: range.to,
        periods: periods.map(({ partyId, occupancyId, ...period }) => ({
          ...period,
          party: partyId && parties.has(partyId) ? partyBrief(parties.get(partyId)!) : null,
          occupancy: occupancyId,
        })),
      };
    },

    /** The occupancy covering a date (today in the building's zone by default), or null. */
    async occupantAt(billingPointId: string, at: unknown) {
      const context = await billingPointContext(strapi, billingPointId);
      const date = parseAtDate(at, context.timezone);
      const match = (await stored(billingPointId)).find((o) =>
        rangeContains({ from: o.entryDate, to: o.exitDate }, date),
      );
      return { date, occupancy: match ? await dto(match.row) : null };
    },
  };
};
