import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { conflict, invalidField } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import {
  parsePartyCreate,
  parsePartyUpdate,
  partyDisplayName,
  PARTY_KINDS,
  type PartyInput,
} from '../../../src/billing/party';
import type { Address } from '../../../src/billing/address';
import { isDocumentLanguage } from '../../../src/documents/languages';
import { isUniqueViolation } from '../../http/db-errors';
import { partyLock, withBillingLock } from '../../database/billing-locks';
import { getService } from '../../plugin';
import { fromJson, writable, type Stored } from '../../database/entities';
import {
  asStored,
  asStoredAll,
  documentOrFail,
  listArgs,
  loadDocuments,
  partyBrief,
  textParam,
} from './billing-support';

type Party = Stored<typeof UID.party>;

const USER_UID = 'plugin::users-permissions.user';

export const toPartyDto = (row: Party) => ({
  documentId: row.documentId,
  kind: row.kind as PartyInput['kind'],
  displayName: row.displayName ?? '',
  firstName: row.firstName ?? null,
  lastName: row.lastName ?? null,
  companyName: row.companyName ?? null,
  email: row.email ?? null,
  phone: row.phone ?? null,
  address: row.address ?? null,
  member: row.memberUserId ?? null,
  language: row.language ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const storedInput = (row: Party): PartyInput => ({
  kind: row.kind,
  firstName: row.firstName ?? null,
  lastName: row.lastName ?? null,
  companyName: row.companyName ?? null,
  email: row.email ?? null,
  phone: row.phone ?? null,
  address: fromJson<Address | null>(row.address ?? null),
  member: row.memberUserId ?? null,
  language: isDocumentLanguage(row.language) ? row.language : null,
});

const SORTABLE = ['displayName', 'kind', 'createdAt', 'updatedAt'] as const;

/**
 * Parties: the natural and legal persons who are billed. Deleting one that
 * anything refers to — occupancies, badges, ownerships, invoices (registered
 * in server/billing-references.ts) — is refused with the list.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.party);

  /** A member link must name a real users-permissions user that no other party holds. */
  async function assertMember(member: number | null, exceptDocumentId?: string) {
    if (member === null) return;
    if (!strapi.db.metadata.has(USER_UID)) {
      throw invalidField(
        'member',
        'The Users & Permissions plugin is not installed, so a party cannot be linked to a member',
      );
    }
    if ((await strapi.db.query(USER_UID).count({ where: { id: member } })) === 0) {
      throw invalidField('member', `There is no users-permissions user with id ${member}`);
    }
    const holder = await documents().findFirst({
      filters: { memberUserId: member },
      fields: ['displayName'],
    });
    if (holder && holder.documentId !== exceptDocumentId)
      throw memberTaken(member, holder.displayName ?? undefined);
  }

  const memberTaken = (member: number, holder?: string) =>
    conflict(
      `User #${member} is already linked to ${holder ? `party ${holder}` : 'another party'}; a user is at most one party`,
      {
        errors: [{ path: ['member'], message: 'This user is already linked to another party' }],
      },
    );

  async function write<T>(action: () => Promise<T>, member: number | null): Promise<T> {
    try {
      return await action();
    } catch (error) {
      // Two saves linking the same user at once: the unique index decides.
      if (member !== null && isUniqueViolation(error)) throw memberTaken(member);
      throw error;
    }
  }

  const data = (input: Partial<PartyInput>, merged: PartyInput) => {
    const { member, ...rest } = input;
    return {
      ...rest,
      ...(member !== undefined ? { memberUserId: member } : {}),
      displayName: partyDisplayName(merged),
    };
  };

  return {
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'displayName', direction: 'asc' }],
        ['q', 'kind'],
      );
      const q = textParam(query, 'q');
      const kind = textParam(query, 'kind');
      if (kind !== undefined && !(PARTY_KINDS as readonly string[]).includes(kind))
        throw invalidField('kind', 'kind must be natural or legal');
      const filters = {
        ...(kind ? { kind } : {}),
        ...(q
          ? {
              $or: [
                { displayName: { $containsi: q } },
                { email: { $containsi: q } },
                { phone: { $containsi: q } },
              ],
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: asStoredAll(UID.party, rows).map(toPartyDto), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return toPartyDto(await documentOrFail(strapi, UID.party, documentId, 'Party'));
    },

    /** Creates a validated party; also the second half of a move that brings a new occupant. */
    async createParty(input: PartyInput) {
      await assertMember(input.member);
      const row = await write(
        () => documents().create({ data: writable(UID.party, data(input, input)) }),
        input.member,
      );
      return toPartyDto(asStored(UID.party, row));
    },

    async create(body: unknown) {
      return this.createParty(parsePartyCreate(body));
    },

    async update(documentId: string, body: unknown) {
      const stored = await documentOrFail(strapi, UID.party, documentId, 'Party');
      const current = storedInput(stored);
      const patch = parsePartyUpdate(body, current);
      if (patch.member !== undefined && patch.member !== current.member)
        await assertMember(patch.member, documentId);
      const merged = { ...current, ...patch };
      await write(
        () => documents().update({ documentId, data: writable(UID.party, data(patch, merged)) }),
        merged.member,
      );
      return this.get(documentId);
    },

    /** Under the party's lock: an occupancy or badge being given to the party meanwhile waits, then finds it gone. */
    async delete(documentId: string) {
      const stored = await documentOrFail(strapi, UID.party, documentId, 'Party');
      await withBillingLock(strapi, partyLock(documentId), async () => {
        const references = await getService(strapi, 'references').find(UID.party, documentId);
        if (references.length > 0) {
          const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
          throw conflict(
            `${stored.displayName} can't be deleted: the party still has ${uses}. Their history must stay with them.`,
            { references },
          );
        }
        await documents().delete({ documentId });
      });
      return toPartyDto(stored);
    },

    async briefs(ids: Iterable<string | null | undefined>) {
      const rows = await loadDocuments(strapi, UID.party, ids);
      return new Map([...rows].map(([id, row]) => [id, partyBrief(row)]));
    },
  };
};
