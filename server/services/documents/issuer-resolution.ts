import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { DEFAULT_CREDIT_NOTE_PATTERN, DEFAULT_INVOICE_PATTERN } from '../../../src/documents/document-number';
import { isDocumentLanguage, type DocumentLanguage } from '../../../src/documents/languages';
import type { IssuerAddress } from '../../../src/documents/issuer-settings';
import type { Row } from '../billing/billing-support';

export const DEFAULT_ISSUER = 'default';
export const buildingIssuerKey = (buildingId: string) => `building:${buildingId}`;
const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/** The issuer a document is printed with: a building's override, else the default. */
export type Issuer = {
  key: string;
  name: string;
  address: IssuerAddress | null;
  vatNumber: string | null;
  logoFileId: number | null;
  iban: string | null;
  paymentTermsDays: number;
  footer: string | null;
  defaultLanguage: DocumentLanguage;
  invoiceNumberPattern: string;
  creditNoteNumberPattern: string;
};

/**
 * The issuer of a stored record. A building's override is a whole issuer with its
 * own number sequences (another owner numbers its own invoices); a field it leaves
 * empty (logo, footer, terms…) is taken from the default issuer.
 */
export function effectiveIssuer(key: string, own: Row | undefined, fallback: Row | undefined): Issuer {
  const pick = <T>(field: string): T | null => (own?.[field] ?? fallback?.[field] ?? null) as T | null;
  const language = pick<string>('defaultLanguage');
  return {
    key,
    name: pick<string>('name') ?? '',
    address: pick<IssuerAddress>('address'),
    vatNumber: pick<string>('vatNumber'),
    logoFileId: pick<number>('logoFileId'),
    iban: pick<string>('iban'),
    paymentTermsDays: pick<number>('paymentTermsDays') ?? DEFAULT_PAYMENT_TERMS_DAYS,
    footer: pick<string>('footer'),
    defaultLanguage: isDocumentLanguage(language) ? language : 'de',
    invoiceNumberPattern: pick<string>('invoiceNumberPattern') ?? DEFAULT_INVOICE_PATTERN,
    creditNoteNumberPattern: pick<string>('creditNoteNumberPattern') ?? DEFAULT_CREDIT_NOTE_PATTERN,
  };
}

/** The issuer of each of `buildingIds` (building documentId → issuer). */
export async function issuersOfBuildings(
  strapi: Core.Strapi,
  buildingIds: Iterable<string>,
): Promise<Map<string, Issuer>> {
  const ids = [...new Set(buildingIds)].filter(Boolean);
  const rows = (await strapi.db.query(UID.documentIssuer).findMany({
    where: { scopeKey: { $in: [DEFAULT_ISSUER, ...ids.map(buildingIssuerKey)] } },
  })) as Row[];
  const byKey = new Map(rows.map((r) => [String(r.scopeKey), r]));
  const fallback = byKey.get(DEFAULT_ISSUER);
  const result = new Map<string, Issuer>();
  for (const id of ids) {
    const own = byKey.get(buildingIssuerKey(id));
    result.set(
      id,
      own
        ? effectiveIssuer(buildingIssuerKey(id), own, fallback)
        : effectiveIssuer(DEFAULT_ISSUER, fallback, undefined),
    );
  }
  return result;
}

/** The issuer stored under `key` (default or a building's), merged over the default. */
export async function issuerByKey(strapi: Core.Strapi, key: string): Promise<Issuer> {
  const rows = (await strapi.db.query(UID.documentIssuer).findMany({
    where: { scopeKey: { $in: [DEFAULT_ISSUER, key] } },
  })) as Row[];
  const fallback = rows.find((r) => r.scopeKey === DEFAULT_ISSUER);
  const own = rows.find((r) => r.scopeKey === key);
  return key === DEFAULT_ISSUER || !own
    ? effectiveIssuer(DEFAULT_ISSUER, fallback, undefined)
    : effectiveIssuer(key, own, fallback);
}
