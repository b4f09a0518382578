import { z } from 'zod';
import { bodyError, optionalText } from '../billing/fields';

/**
 * How invoices are e-mailed (Settings → Utilities → Billing documents → E-mail):
 * the SMTP server, the sender, and whether finalizing a run sends its invoices.
 * The password is write-only: a PUT with `password` text replaces it, `null`
 * clears it, leaving it out keeps the stored one; it is stored sealed and never
 * answered (the API says only whether one is set).
 */
export const EMAIL_LIMITS = { host: 253, user: 254, password: 512, from: 254, name: 70 } as const;

const address = (label: string) =>
  optionalText(label, EMAIL_LIMITS.from).refine((v) => !v || z.email().safeParse(v).success, {
    error: `${label} must be an e-mail address such as rechnungen@example.ch`,
  });

export const emailSettingsSchema = z
  .strictObject(
    {
      enabled: z.boolean({ error: 'Enabled must be true or false' }),
      host: optionalText('SMTP host', EMAIL_LIMITS.host).refine(
        (v) =>
          !v ||
          /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(v) ||
          /^\[?[0-9a-fA-F:.]+\]?$/.test(v),
        { error: 'SMTP host must be a host name or an IP address' },
      ),
      port: z
        .number({ error: 'SMTP port must be a number' })
        .int({ error: 'SMTP port must be a whole number' })
        .min(1, { error: 'SMTP port must be between 1 and 65535' })
        .max(65535, { error: 'SMTP port must be between 1 and 65535' })
        .nullable()
        .optional(),
      // true: TLS from the first byte (port 465); false: STARTTLS when the server offers it.
      secure: z.boolean({ error: 'Secure must be true or false' }).optional(),
      requireTls: z.boolean({ error: 'Require TLS must be true or false' }).optional(),
      user: optionalText('SMTP user', EMAIL_LIMITS.user),
      password: z
        .string({ error: 'SMTP password must be text' })
        .max(EMAIL_LIMITS.password, {
          error: `SMTP password must be at most ${EMAIL_LIMITS.password} characters`,
        })
        .nullable()
        .optional(),
      fromAddress: address('Sender address'),
      fromName: optionalText('Sender name', EMAIL_LIMITS.name),
      replyTo: address('Reply-to address'),
      sendOnFinalize: z.boolean({ error: 'Send on finalize must be true or false' }).optional(),
    },
    bodyError,
  )
  .superRefine((v, ctx) => {
    if (!v.enabled) return;
    if (!v.host)
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'SMTP host is required to send e-mail' });
    if (!v.fromAddress)
      ctx.addIssue({
        code: 'custom',
        path: ['fromAddress'],
        message: 'Sender address is required to send e-mail',
      });
  });
export type EmailSettingsInput = z.output<typeof emailSettingsSchema>;

/** What is stored: the input with the password replaced by its sealed form. */
export type StoredEmailSettings = Omit<EmailSettingsInput, 'password'> & { sealedPassword: string | null };

/** The port when none is given: 465 for implicit TLS, else the submission port 587. */
export const defaultPort = (secure: boolean | undefined) => (secure ? 465 : 587);

/** POST …/charge-runs/:id/send: `all` resends the invoices already sent, too. */
export const sendRunSchema = z.strictObject(
  { all: z.boolean({ error: 'all must be true or false' }).optional() },
  { error: 'The request body must be a JSON object such as {"all": false}' },
);
