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
import { parseSmtpUrl, type SmtpServer } from '../../../src/documents/smtp-url';
import { getService } from '../../plugin';
import { pluginConfig } from '../billing/billing-support';

const STORE_KEY = 'documents-email';
/** Binds the sealed password to this setting: a value copied from a channel does not open here. */
const SEAL_CONTEXT = { record: 'documents-email', field: 'password' };

/** Bounds of one SMTP conversation, so a silent server fails a delivery instead of hanging it. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** The deployment's mail server (plugin config or environment), when one is given. */
type ConfiguredSmtp = {
  server: SmtpServer | { error: string };
  origin: 'config' | 'UTILITIES_SMTP_URL';
  fromAddress: string | null;
  fromName: string | null;
  replyTo: string | null;
  sendOnFinalize: boolean;
};

/** What the admin is told of the configured server: never the password, nor the URL holding it. */
const configuredDto = (c: ConfiguredSmtp | null) =>
  c
    ? {
        origin: c.origin,
        ...('error' in c.server
          ? { problem: `The SMTP URL ${c.server.error}` }
          : {
              host: c.server.host,
              port: c.server.port,
              secure: c.server.secure,
              user: c.server.user,
              passwordSet: c.server.password !== null,
            }),
        fromAddress: c.fromAddress,
        sendOnFinalize: c.sendOnFinalize,
      }
    : null;

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

  /** plugin config documents.smtp, else UTILITIES_SMTP_URL / UTILITIES_SMTP_FROM. */
  function configured(): ConfiguredSmtp | null {
    const smtp = pluginConfig(strapi).documents?.smtp ?? {};
    const fromConfig = Boolean(smtp.url?.trim());
    const url = fromConfig ? smtp.url! : (process.env.UTILITIES_SMTP_URL ?? '');
    if (!url.trim()) return null;
    const fromAddress = (smtp.fromAddress?.trim() || process.env.UTILITIES_SMTP_FROM?.trim()) ?? '';
    return {
      server: parseSmtpUrl(url),
      origin: fromConfig ? 'config' : 'UTILITIES_SMTP_URL',
      fromAddress: fromAddress || null,
      fromName: smtp.fromName?.trim() || null,
      replyTo: smtp.replyTo?.trim() || null,
      sendOnFinalize: smtp.sendOnFinalize ?? false,
    };
  }

  /** The server and sender a batch goes through: the enabled settings, else the configured server. */
  function transportOptions(s: StoredEmailSettings | null, keyringPass: () => string | undefined) {
    if (s?.enabled && s.host && s.fromAddress)
      return {
        server: {
          host: s.host,
          port: s.port ?? defaultPort(s.secure),
          secure: s.secure ?? false,
          requireTls: s.requireTls ?? false,
          user: s.user ?? null,
          password: keyringPass() ?? null,
        },
        fromAddress: s.fromAddress,
        fromName: s.fromName ?? null,
        replyTo: s.replyTo ?? null,
      };
    const c = configured();
    if (!c)
      throw conflict(
        'E-mail is not set up: enter the SMTP server and sender under Settings → Utilities → Billing documents',
      );
    if ('error' in c.server)
      throw conflict(`E-mail is not set up: the SMTP URL (${c.origin}) ${c.server.error}`);
    if (!c.fromAddress)
      throw conflict(
        `E-mail is not set up: the SMTP server comes from ${c.origin}, but no sender address (documents.smtp.fromAddress or UTILITIES_SMTP_FROM)`,
      );
    return { server: c.server, fromAddress: c.fromAddress, fromName: c.fromName, replyTo: c.replyTo };
  }

  return {
    async get() {
      const s = await stored();
      const c = configured();
      return {
        ...toDto(s),
        // Which server mails go through: the enabled settings win over the deployment's.
        source: s?.enabled ? ('settings' as const) : c && !('error' in c.server) ? ('config' as const) : null,
        configured: configuredDto(c),
      };
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
      return this.get();
    },

    /** Whether finalizing a run sends its invoices (on, with e-mail set up). */
    async sendsOnFinalize() {
      const s = await stored();
      if (s?.enabled) return Boolean(s.sendOnFinalize);
      return configured()?.sendOnFinalize ?? false;
    },

    /** A sender for one batch of mails (one pooled connection); 409 when e-mail is not set up. */
    async sender(): Promise<EmailSender> {
      const s = await stored();
      const opened = () => {
        try {
          return s?.sealedPassword ? open(keyring(), s.sealedPassword, SEAL_CONTEXT) : undefined;
        } catch (error) {
          if (error instanceof SecretSealError)
            throw conflict(`The stored SMTP password cannot be opened (${error.code}): enter it again`);
          throw error;
        }
      };
      const { server, fromAddress, fromName, replyTo } = transportOptions(s, opened);
      const transporter = nodemailer.createTransport({
        host: server.host,
        port: server.port,
        secure: server.secure,
        requireTLS: server.requireTls,
        auth: server.user ? { user: server.user, pass: server.password ?? undefined } : undefined,
        pool: true,
        maxConnections: 1,
        ...TIMEOUTS,
        logger: false,
        debug: false,
      });
      const from = fromName ? { name: fromName, address: fromAddress } : fromAddress;
      return {
        send: async (message) => {
          const info = (await transporter.sendMail({
            ...message,
            from,
            ...(replyTo ? { replyTo } : {}),
          })) as { messageId: string };
          return { messageId: info.messageId };
        },
        close: () => transporter.close(),
      };
    },
  };
};
