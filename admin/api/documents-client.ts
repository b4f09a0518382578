import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { one } from './schemas';

/**
 * The billing documents admin API: the issuer settings (the default issuer and a
 * building's override), the SMTP settings invoices are e-mailed with, invoice and
 * credit-note PDFs, e-mailing invoices, and credit notes. Money stays exact
 * decimal text as the server computed it.
 */
const addressSchema = z.object({
  street: z.string().nullable().optional(),
  buildingNumber: z.string().nullable().optional(),
  postalCode: z.string(),
  town: z.string(),
  country: z.string(),
});
export type IssuerAddress = z.infer<typeof addressSchema>;

export const issuerSettingsSchema = z.object({
  name: z.string().nullable(),
  address: addressSchema.nullable(),
  vatNumber: z.string().nullable(),
  logoFileId: z.number().nullable(),
  iban: z.string().nullable(),
  paymentTermsDays: z.number().nullable(),
  footer: z.string().nullable(),
  defaultLanguage: z.string().nullable(),
  invoiceNumberPattern: z.string().nullable(),
  creditNoteNumberPattern: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type IssuerSettings = z.infer<typeof issuerSettingsSchema>;
export type IssuerSettingsBody = Omit<IssuerSettings, 'updatedAt'>;

const documentSettingsSchema = z.object({
  default: issuerSettingsSchema,
  buildings: z.array(
    issuerSettingsSchema.extend({
      building: z.looseObject({ documentId: z.string(), code: z.string(), name: z.string() }),
    }),
  ),
});
export type DocumentSettings = z.infer<typeof documentSettingsSchema>;

export const emailSettingsSchema = z.object({
  enabled: z.boolean(),
  host: z.string().nullable(),
  port: z.number().nullable(),
  secure: z.boolean(),
  requireTls: z.boolean(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  replyTo: z.string().nullable(),
  sendOnFinalize: z.boolean(),
  source: z.enum(['settings', 'config']).nullable(),
  configured: z
    .looseObject({
      origin: z.string(),
      host: z.string().optional(),
      port: z.number().optional(),
      problem: z.string().optional(),
      fromAddress: z.string().nullable().optional(),
    })
    .nullable(),
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;
/** `password`: text replaces the stored one, null clears it, left out keeps it. */
export type EmailSettingsBody = Omit<EmailSettings, 'passwordSet' | 'source' | 'configured'> & {
  password?: string | null;
};

export const deliverySchema = z.object({
  status: z.enum(['sent', 'failed', 'no-address', 'queued']),
  to: z.string().nullable(),
  at: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** What the documents feature adds to an invoice's answer (null on a draft). */
export const invoiceDocumentSchema = z.object({
  number: z.string().nullable().optional(),
  issuer: z.string().nullable().optional(),
  issuedOn: z.string().nullable().optional(),
  dueOn: z.string().nullable().optional(),
  delivery: deliverySchema.nullable().optional(),
});

export const invoiceCreditSchema = z.object({
  creditNotes: z.array(
    z.object({
      documentId: z.string(),
      number: z.string(),
      issuedOn: z.string(),
      reason: z.string(),
      gross: z.string(),
    }),
  ),
  credited: z.string(),
  remaining: z.string(),
});
export type InvoiceCredit = z.infer<typeof invoiceCreditSchema>;

export const creditNoteSchema = z.looseObject({
  documentId: z.string(),
  invoice: z.string(),
  number: z.string(),
  issuedOn: z.string(),
  reason: z.string(),
  currency: z.string(),
  lines: z.array(
    z.looseObject({
      line: z.number(),
      credit: z.string(),
      amount: z.string(),
      vatAmount: z.string(),
      quantity: z.string().nullable(),
    }),
  ),
  totals: z.looseObject({ net: z.string(), vat: z.string(), gross: z.string() }),
});
export type CreditNote = z.infer<typeof creditNoteSchema>;

export type CreditNoteBody = {
  requestId: string;
  reason: string;
  lines: 'all' | { line: number; amount?: string; quantity?: string }[];
};

export function useDocumentsApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(() => {
    const pdf = async (path: string, download: boolean) =>
      (
        await get<Blob>(path, {
          responseType: 'blob',
          params: download ? { download: '1' } : {},
        })
      ).data;
    return {
      settings: {
        get: async () =>
          one(documentSettingsSchema).parse((await get('/utilities/document-settings')).data).data,
        putDefault: async (body: IssuerSettingsBody) =>
          one(issuerSettingsSchema).parse((await put('/utilities/document-settings', body)).data).data,
        getBuilding: async (id: string) =>
          one(issuerSettingsSchema).parse((await get(`/utilities/document-settings/buildings/${id}`)).data)
            .data,
        putBuilding: async (id: string, body: IssuerSettingsBody) =>
          one(issuerSettingsSchema).parse(
            (await put(`/utilities/document-settings/buildings/${id}`, body)).data,
          ).data,
        removeBuilding: async (id: string) => {
          await del(`/utilities/document-settings/buildings/${id}`);
        },
        email: async () =>
          one(emailSettingsSchema).parse((await get('/utilities/document-settings/email')).data).data,
        putEmail: async (body: EmailSettingsBody) =>
          one(emailSettingsSchema).parse((await put('/utilities/document-settings/email', body)).data).data,
      },
      invoices: {
        /** The PDF, fetched with the admin's token (a plain link would carry none). */
        pdf: (id: string, download = false) => pdf(`/utilities/invoices/${id}/document.pdf`, download),
        send: async (id: string) =>
          one(invoiceDocumentSchema.extend({ documentId: z.string() })).parse(
            (await post(`/utilities/invoices/${id}/send`, {})).data,
          ).data,
        creditNotes: async (id: string) =>
          z
            .object({ data: z.array(creditNoteSchema) })
            .parse((await get('/utilities/credit-notes', { params: { invoice: id, pageSize: 100 } })).data)
            .data,
        credit: async (id: string, body: CreditNoteBody) =>
          one(creditNoteSchema).parse((await post(`/utilities/invoices/${id}/credit-notes`, body)).data).data,
      },
      runs: {
        send: async (id: string, all = false) =>
          one(z.object({ queued: z.number(), invoices: z.number() })).parse(
            (await post(`/utilities/charge-runs/${id}/send`, { all })).data,
          ).data,
      },
      creditNotes: {
        pdf: (id: string, download = false) => pdf(`/utilities/credit-notes/${id}/document.pdf`, download),
      },
      /** A media library file's name and address, for the logo (null when it cannot be read). */
      mediaFile: async (id: number) => {
        try {
          const data = (await get<{ id: number; name: string; url: string }>(`/upload/files/${id}`)).data;
          return { id: data.id, name: data.name, url: data.url };
        } catch {
          return null;
        }
      },
    };
  }, [get, post, put, del]);
}
