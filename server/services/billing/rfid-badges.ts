import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable, type Stored } from '../../database/entities';
import { conflict, DomainError, invalidField } from '../../../src/common/errors';
import { paginationMeta, parseBooleanFilter } from '../../../src/common/list-query';
import { parseAtDate } from '../../../src/billing/dates';
import {
  badgeValidOn,
  parseBadgeCreate,
  parseBadgeUpdate,
  type BadgeInput,
} from '../../../src/billing/rfid-badge';
import { readBadgeUid } from '../../../src/usage/badge-uid';
import { isUniqueViolation } from '../../http/db-errors';
import { partyLock, withBillingLock } from '../../database/billing-locks';
import {
  asStored,
  asStoredAll,
  asStoredOrNull,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  partyBrief,
  pluginConfig,
  textParam,
} from './billing-support';

type Badge = Stored<typeof UID.rfidBadge>;

const SORTABLE = ['uid', 'label', 'active', 'validFrom', 'validTo', 'createdAt', 'updatedAt'] as const;

/**
 * RFID badges (charging stations, laundry rooms). UIDs are normalised before
 * they are stored or looked up, so any reader's spelling finds the badge.
 * Badges belong to no building, so a lookup `at` an instant takes its date in
 * the plugin's default time zone.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.rfidBadge);

  async function dtos(rows: Badge[]) {
    const parties = await loadDocuments(
      strapi,
      UID.party,
      rows.map((r) => r.partyRef),
    );
    return rows.map((row) => ({
      documentId: row.documentId,
      uid: row.uid,
      party: parties.has(row.partyRef) ? partyBrief(parties.get(row.partyRef)!) : null,
      active: row.active ?? true,
      validFrom: row.validFrom ?? null,
      validTo: row.validTo ?? null,
      label: row.label ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
  const dto = async (row: Badge) => (await dtos([row]))[0];

  async function duplicate(uid: string) {
    const holder = asStoredOrNull(UID.rfidBadge, await documents().findFirst({ filters: { uid } }));
    const party = holder
      ? (await loadDocuments(strapi, UID.party, [holder.partyRef])).get(holder.partyRef)
      : null;
    return conflict(
      `Badge ${uid} is already registered${party ? ` (held by ${party.displayName})` : ''}; one badge is one record — reassign it instead`,
      {
        errors: [{ path: ['uid'], message: 'This badge UID is already registered' }],
      },
    );
  }

  /** The unique index decides a race; no query after it (the transaction is aborted on PostgreSQL). */
  async function write<T>(action: () => Promise<T>, uid: string | undefined): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (uid && isUniqueViolation(error)) {
        throw conflict(`Badge ${uid} is already registered; one badge is one record — reassign it instead`, {
          errors: [{ path: ['uid'], message: 'This badge UID is already registered' }],
        });
      }
      throw error;
    }
  }

  const toData = ({ party, ...rest }: Partial<BadgeInput>) => ({
    ...rest,
    ...(party !== undefined ? { partyRef: party } : {}),
  });

  return {
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'uid', direction: 'asc' }],
        ['party', 'q', 'active'],
      );
      const party = textParam(query, 'party', 64);
      const q = textParam(query, 'q');
      const active = parseBooleanFilter('active', query.active);
      const uidQuery = q ? q.toUpperCase().replace(/[:\-\s]+/g, '') : undefined;
      const filters = {
        ...(party ? { partyRef: party } : {}),
        ...(active === undefined ? {} : { active }),
        ...(q ? { $or: [{ uid: { $contains: uidQuery || q } }, { label: { $containsi: q } }] } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: await dtos(asStoredAll(UID.rfidBadge, rows)), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return dto(await documentOrFail(strapi, UID.rfidBadge, documentId, 'RFID badge'));
    },

    async create(body: unknown) {
      const input = parseBadgeCreate(body);
      await referencedDocument(strapi, UID.party, input.party, 'party', 'Party');
      if (await documents().findFirst({ filters: { uid: input.uid } })) throw await duplicate(input.uid);
      const row = await withBillingLock(strapi, partyLock(input.party), async () => {
        await referencedDocument(strapi, UID.party, input.party, 'party', 'Party');
        return write(() => documents().create({ data: writable(UID.rfidBadge, toData(input)) }), input.uid);
      });
      return dto(asStored(UID.rfidBadge, row));
    },

    async update(documentId: string, body: unknown) {
      const row = await documentOrFail(strapi, UID.rfidBadge, documentId, 'RFID badge');
      const stored: BadgeInput = {
        uid: row.uid,
        party: row.partyRef,
        active: row.active ?? true,
        validFrom: row.validFrom ?? null,
        validTo: row.validTo ?? null,
        label: row.label ?? null,
      };
      const patch = parseBadgeUpdate(body, stored);
      if (patch.party && patch.party !== stored.party)
        await referencedDocument(strapi, UID.party, patch.party, 'party', 'Party');
      if (patch.uid && patch.uid !== stored.uid) {
        const other = await documents().findFirst({
          filters: { uid: patch.uid },
        });
        if (other && other.documentId !== documentId) throw await duplicate(patch.uid);
      }
      await withBillingLock(strapi, partyLock(patch.party ?? stored.party), async () => {
        if (patch.party) await referencedDocument(strapi, UID.party, patch.party, 'party', 'Party');
        await write(
          () => documents().update({ documentId, data: writable(UID.rfidBadge, toData(patch)) }),
          patch.uid,
        );
      });
      return this.get(documentId);
    },

    async delete(documentId: string) {
      const row = await documentOrFail(strapi, UID.rfidBadge, documentId, 'RFID badge');
      const before = await dto(row);
      await documents().delete({ documentId });
      return before;
    },

    /**
     * GET /rfid-badges/lookup?uid&at — the party holding the badge on that day.
     * 404 when no badge has the UID, or when it exists but doesn't count that day
     * (deactivated, not yet or no longer valid), with the reason.
     */
    async lookup(query: Record<string, unknown>) {
      const read = readBadgeUid(query.uid);
      if (!read.ok || read.value === null)
        throw invalidField('uid', `uid ${read.ok ? 'is required' : read.message}`);
      const uid = read.value;
      const date = parseAtDate(query.at, pluginConfig(strapi).defaultTimezone);
      const row = asStoredOrNull(UID.rfidBadge, await documents().findFirst({ filters: { uid } }));
      if (!row) throw new DomainError('not-found', `No badge with UID ${uid} is registered`, { uid });
      const badge = await dto(row);
      const validity = badgeValidOn(
        { active: badge.active, validFrom: badge.validFrom, validTo: badge.validTo },
        date,
      );
      if (!validity.valid) {
        throw new DomainError('not-found', `Badge ${uid} identifies nobody on ${date}: ${validity.reason}`, {
          uid,
          date,
          reason: validity.reason,
          badge,
        });
      }
      return { uid, date, party: badge.party, badge };
    },
  };
};
