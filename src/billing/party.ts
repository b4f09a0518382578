import { z } from 'zod';
import { invalid } from '../common/errors';
import { parseInput } from '../common/validate';
import { optionalAddress, type Address } from './address';
import { bodyError, optionalText } from './fields';
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from '../documents/languages';

/**
 * A party: whoever is billed — an occupant, an owner, a badge holder. A natural
 * person has a last name (and usually a first name); a legal person has a
 * company name, and its first/last name, when given, are its contact person's.
 * `member` links the users-permissions user who signs in to see this party's
 * places and invoices (one user is at most one party).
 */
export const PARTY_KINDS = ['natural', 'legal'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export type PartyInput = {
  kind: PartyKind;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  address: Address | null;
  member: number | null;
  /** The language of the party's documents; null: the issuer's default. */
  language: DocumentLanguage | null;
};

const email = z
  .string({ error: 'Email must be text' })
  .trim()
  .max(254, { error: 'Email must be at most 254 characters' })
  .nullable()
  .transform((v) => (v === null || v === '' ? null : v.toLowerCase()))
  .refine((v) => v === null || z.email().safeParse(v).success, {
    error: 'Email must be an email address such as anna@example.com',
  })
  .optional();

const phone = z
  .string({ error: 'Phone must be text' })
  .trim()
  .max(40, { error: 'Phone must be at most 40 characters' })
  .nullable()
  .transform((v) => (v === null || v === '' ? null : v))
  .refine((v) => v === null || /^\+?[0-9][0-9 ()./-]{2,38}$/.test(v), {
    error: 'Phone may contain digits, spaces and + ( ) . / - only, e.g. +41 21 555 12 34',
  })
  .optional();

const member = z
  .number({ error: 'Member must be the id of a users-permissions user (a whole number) or null' })
  .int({ error: 'Member must be the id of a users-permissions user (a whole number) or null' })
  .positive({ error: 'Member must be the id of a users-permissions user (a whole number) or null' })
  .max(Number.MAX_SAFE_INTEGER)
  .nullable()
  .optional();

const language = z
  .enum(DOCUMENT_LANGUAGES, { error: 'Language must be one of de, fr, it, en (or null for the default)' })
  .nullable()
  .optional();

export const partyFields = {
  kind: z.enum(PARTY_KINDS, {
    error: 'Kind must be "natural" (a person) or "legal" (a company or organisation)',
  }),
  firstName: optionalText('First name', 120),
  lastName: optionalText('Last name', 120),
  companyName: optionalText('Company name', 255),
  email,
  phone,
  address: optionalAddress,
  member,
  language,
};

export const partyCreateSchema = z.strictObject(partyFields, bodyError);
const updateSchema = z.strictObject({ ...partyFields, kind: partyFields.kind.optional() }, bodyError);

/** The names a kind requires; the message says which field to fill. */
function assertNames(party: PartyInput) {
  if (party.kind === 'natural') {
    if (!party.lastName)
      throw invalid('A natural person needs a last name', [
        { path: ['lastName'], message: 'Last name is required for a natural person' },
      ]);
    if (party.companyName) {
      throw invalid('A natural person has no company name; choose kind "legal" for a company', [
        { path: ['companyName'], message: 'Only a legal person has a company name' },
      ]);
    }
  } else if (!party.companyName) {
    throw invalid('A legal person needs a company name', [
      { path: ['companyName'], message: 'Company name is required for a legal person' },
    ]);
  }
}

export function toPartyInput(p: z.output<typeof partyCreateSchema>): PartyInput {
  const party: PartyInput = {
    kind: p.kind,
    firstName: p.firstName ?? null,
    lastName: p.lastName ?? null,
    companyName: p.companyName ?? null,
    email: p.email ?? null,
    phone: p.phone ?? null,
    address: p.address ?? null,
    member: p.member ?? null,
    language: p.language ?? null,
  };
  assertNames(party);
  return party;
}

export function parsePartyCreate(body: unknown): PartyInput {
  return toPartyInput(parseInput(partyCreateSchema, body));
}

/** A partial update, checked against the stored party: the merged result must still be a valid party. */
export function parsePartyUpdate(body: unknown, stored: PartyInput): Partial<PartyInput> {
  const p = parseInput(updateSchema, body);
  const patch = Object.fromEntries(
    Object.entries(p).filter(([, v]) => v !== undefined),
  ) as Partial<PartyInput>;
  assertNames({ ...stored, ...patch });
  return patch;
}

/** How a party is named in lists and on invoices. */
export function partyDisplayName(
  party: Pick<PartyInput, 'kind' | 'firstName' | 'lastName' | 'companyName'>,
): string {
  if (party.kind === 'legal') return party.companyName ?? '';
  return [party.firstName, party.lastName].filter(Boolean).join(' ');
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { updateSchema as partyUpdateSchema };
