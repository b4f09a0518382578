import { z } from 'zod';
import { parseSmtpUrl } from '../src/documents/smtp-url';

/**
 * The documents part of the plugin configuration (config/plugins → utilities.config):
 *
 *   documents: {
 *     smtp: {
 *       url: env('UTILITIES_SMTP_URL'),          // smtp[s]://user:password@host:port
 *       fromAddress: 'rechnungen@example.ch',    // else UTILITIES_SMTP_FROM
 *       fromName: 'Immo Seefeld AG',
 *       replyTo: 'verwaltung@example.ch',
 *       sendOnFinalize: false,
 *     },
 *   }
 *
 * The mail server of a deployment, kept with its other secrets; without `url` the
 * plugin reads UTILITIES_SMTP_URL (and UTILITIES_SMTP_FROM) from the environment.
 * The SMTP settings an admin saves and enables under Settings → Utilities → Billing
 * documents take precedence; this is used when none are enabled.
 */
const email = (name: string) =>
  z
    .string({ error: `documents.smtp.${name} must be an e-mail address` })
    .trim()
    .refine((v) => v === '' || z.email().safeParse(v).success, {
      error: `documents.smtp.${name} must be an e-mail address`,
    })
    .optional();

export const documentsConfigShape = {
  documents: z
    .strictObject({
      smtp: z
        .strictObject({
          url: z
            .string({ error: 'documents.smtp.url must be an smtp:// or smtps:// URL' })
            .superRefine((url, ctx) => {
              if (url.trim() === '') return;
              const parsed = parseSmtpUrl(url);
              if ('error' in parsed)
                ctx.addIssue({ code: 'custom', message: `documents.smtp.url ${parsed.error}` });
            })
            .optional(),
          fromAddress: email('fromAddress'),
          fromName: z.string({ error: 'documents.smtp.fromName must be text' }).max(70).optional(),
          replyTo: email('replyTo'),
          sendOnFinalize: z
            .boolean({ error: 'documents.smtp.sendOnFinalize must be true or false' })
            .optional(),
        })
        .optional(),
    })
    .optional(),
};

export type DocumentsPluginConfig = {
  documents: {
    smtp: {
      url?: string;
      fromAddress?: string;
      fromName?: string;
      replyTo?: string;
      sendOnFinalize?: boolean;
    };
  };
};

export const documentsDefaults: DocumentsPluginConfig = { documents: { smtp: {} } };
