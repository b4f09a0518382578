import type { Core } from '@strapi/strapi';
import nodemailer from 'nodemailer';
import { open, seal, SecretSealError } from '../../../src/channels/secret-sealing';
import { conflict } from '../../../src/common/errors';
import { parseInput } from '../../../src/common/validate';
import {
  defaultPort,
  emailSettingsSchema,
  type StoredEmailSettings,
} from '../../../src/documents/email-settings';
import { getService } from '../../plugin';

const STORE_KEY = 'documents-email';
/** Binds the sealed password to this setting: a value copied from a channel does not open here. */
const SEAL_CONTEXT = { record: 'documents-email', field: 'password' };

/** Bounds of one SMTP conversation, so a silent server fails a delivery instead of hanging it. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

const toDto = (s: StoredEmailSettings | null) => ({
  enabled: s?.enabled ?? false,
  host: s?.host ?? null,
  port: s?.port ?? null,
  secure: s?.secure ?? false,
  requireTls: s?.requireTls ?? false,
  user: s?.user ?? null,
  // Never the password, sealed or not: only whether there is one.
  passwordSet: Boolean(s?.sealedPassword),
  fromAddress: s?.fromAddress ?? null,
  fromName: s?.fromName ?? null,
  replyTo: s?.replyTo ?? null,
  sendOnFinalize: s?.sendOnFinalize ?? false,
});

export type EmailSender = {
  send: (message: nodemailer.SendMailOptions) => Promise<{ messageId: string }>;
  close: () => void;
};

/**
 * The SMTP settings invoices are e-mailed with, in the plugin store. The password
 * is sealed with the channel secrets' keyring (AES-256-GCM, src/channels/secret-sealing.ts)
 * and opened only to hand it to nodemailer; it is never answered or logged.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'utilities', key: STORE_KEY });
  const keyring = () => getService(strapi, 'channel-secrets').keyring();
  const stored = async () => ((await store().get({})) as StoredEmailSettings | null) ?? null;

  return {
    async get() {
      return toDto(await stored());
    },

    async put(body: unknown) {
      const { password, ...input } = parseInput(emailSettingsSchema, body);
      const previous = await stored();
      const sealedPassword =
        password === undefined
          ? (previous?.sealedPassword ?? null)
          : password === null || password === ''
            ? null
            : seal(keyring(), password, SEAL_CONTEXT);
      const value: StoredEmailSettings = { ...input, sealedPassword };
      await store().set({ value });
      return toDto(value);
    },

    /** Whether finalizing a run sends its invoices (on, with e-mail set up). */
    async sendsOnFinalize() {
      const s = await stored();
      return Boolean(s?.enabled && s.sendOnFinalize);
    },

    /** A sender for one batch of mails (one pooled connection); 409 when e-mail is not set up. */
    async sender(): Promise<EmailSender> {
      const s = await stored();
      if (!s?.enabled || !s.host || !s.fromAddress)
        throw conflict(
          'E-mail is not set up: enter the SMTP server and sender under Settings → Utilities → Billing documents',
        );
      let pass: string | undefined;
      try {
        pass = s.sealedPassword ? open(keyring(), s.sealedPassword, SEAL_CONTEXT) : undefined;
      } catch (error) {
        if (error instanceof SecretSealError)
          throw conflict(`The stored SMTP password cannot be opened (${error.code}): enter it again`);
        throw error;
      }
      const transporter = nodemailer.createTransport({
        host: s.host,
        port: s.port ?? defaultPort(s.secure),
        secure: s.secure ?? false,
        requireTLS: s.requireTls ?? false,
        auth: s.user ? { user: s.user, pass } : undefined,
        pool: true,
        maxConnections: 1,
        ...TIMEOUTS,
        logger: false,
        debug: false,
      });
      const from = s.fromName ? { name: s.fromName, address: s.fromAddress } : s.fromAddress;
      return {
        send: async (message) => {
          const info = (await transporter.sendMail({
            ...message,
            from,
            ...(s.replyTo ? { replyTo: s.replyTo } : {}),
          })) as { messageId: string };
          return { messageId: info.messageId };
        },
        close: () => transporter.close(),
      };
    },
  };
};
