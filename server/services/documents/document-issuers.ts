import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { invalidField } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import { issuerSettingsSchema, type IssuerSettingsInput } from '../../../src/documents/issuer-settings';
import { isUniqueViolation } from '../../http/db-errors';
import { buildingBrief, findOrFail, loadMany, type Row } from '../billing/billing-support';
import { buildingIssuerKey, DEFAULT_ISSUER } from './issuer-resolution';

const UPLOAD_FILE = 'plugin::upload.file';
/** pdfkit embeds PNG and JPEG; anything else could not be printed. */
const LOGO_TYPES = ['image/png', 'image/jpeg'];

const toDto = (row: Row | null) => ({
  name: (row?.name as string | null) ?? null,
  address: (row?.address as IssuerSettingsInput['address']) ?? null,
  vatNumber: (row?.vatNumber as string | null) ?? null,
  logoFileId: (row?.logoFileId as number | null) ?? null,
  iban: (row?.iban as string | null) ?? null,
  paymentTermsDays: (row?.paymentTermsDays as number | null) ?? null,
  footer: (row?.footer as string | null) ?? null,
  defaultLanguage: (row?.defaultLanguage as string | null) ?? null,
  invoiceNumberPattern: (row?.invoiceNumberPattern as string | null) ?? null,
  creditNoteNumberPattern: (row?.creditNoteNumberPattern as string | null) ?? null,
  updatedAt: (row?.updatedAt as string | null) ?? null,
});

/**
 * Issuer settings (Settings → Utilities → Billing documents): the default issuer
 * and per-building overrides, each one row of `document-issuer` keyed by
 * scopeKey. A PUT replaces the whole record (a field left out is cleared).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.documentIssuer);

  async function assertLogo(fileId: number | null | undefined) {
    if (fileId === null || fileId === undefined) return;
    if (!strapi.db.metadata.has(UPLOAD_FILE))
      throw invalidField('logoFileId', 'The media library (upload plugin) is not installed');
    const file = (await strapi.db.query(UPLOAD_FILE).findOne({ where: { id: fileId } })) as {
      mime?: string;
    } | null;
    if (!file) throw invalidField('logoFileId', `There is no media library file with id ${fileId}`);
    if (!LOGO_TYPES.includes(String(file.mime)))
      throw invalidField(
        'logoFileId',
        `The logo must be a PNG or JPEG image; file ${fileId} is ${String(file.mime)}`,
      );
  }

  async function save(scopeKey: string, buildingRef: string | null, body: unknown) {
    const input = parseInput(issuerSettingsSchema, body);
    await assertLogo(input.logoFileId);
    const data = {
      scopeKey,
      buildingRef,
      name: input.name ?? null,
      address: input.address ?? null,
      vatNumber: input.vatNumber ?? null,
      logoFileId: input.logoFileId ?? null,
      iban: input.iban ?? null,
      paymentTermsDays: input.paymentTermsDays ?? null,
      footer: input.footer ?? null,
      defaultLanguage: input.defaultLanguage ?? null,
      invoiceNumberPattern: input.invoiceNumberPattern ?? null,
      creditNoteNumberPattern: input.creditNoteNumberPattern ?? null,
      updatedAt: new Date(),
    };
    const update = () => query().update({ where: { scopeKey }, data }) as Promise<Row | null>;
    let row = await update();
    if (!row) {
      try {
        row = (await query().create({
          data: { ...data, createdAt: new Date(), publishedAt: new Date() },
        })) as Row;
      } catch (error) {
        // Another request created it meanwhile: this PUT replaces it.
        if (!isUniqueViolation(error)) throw error;
        row = await update();
      }
    }
    return toDto(row);
  }

  const read = async (scopeKey: string) =>
    toDto((await query().findOne({ where: { scopeKey } })) as Row | null);

  return {
    /** The default issuer and the buildings that have their own. */
    async get() {
      const rows = (await query().findMany({ orderBy: { scopeKey: 'asc' } })) as Row[];
      const own = rows.filter((r) => r.scopeKey !== DEFAULT_ISSUER);
      const buildings = await loadMany(
        strapi,
        UID.building,
        own.map((r) => String(r.buildingRef)),
      );
      return {
        default: toDto(rows.find((r) => r.scopeKey === DEFAULT_ISSUER) ?? null),
        buildings: own
          .filter((r) => buildings.has(String(r.buildingRef)))
          .map((r) => ({ building: buildingBrief(buildings.get(String(r.buildingRef))!), ...toDto(r) })),
      };
    },
    putDefault: (body: unknown) => save(DEFAULT_ISSUER, null, body),

    async getBuilding(buildingId: string) {
      await findOrFail(strapi, UID.building, buildingId, 'Building');
      return read(buildingIssuerKey(buildingId));
    },
    async putBuilding(buildingId: string, body: unknown) {
      await findOrFail(strapi, UID.building, buildingId, 'Building');
      return save(buildingIssuerKey(buildingId), buildingId, body);
    },
    /** The building goes back to the default issuer (its numbers already given stay as they are). */
    async deleteBuilding(buildingId: string) {
      await findOrFail(strapi, UID.building, buildingId, 'Building');
      await query().delete({ where: { scopeKey: buildingIssuerKey(buildingId) } });
    },
  };
};
