import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable } from '../../database/entities';
import { ChannelError, isChannelError, type ChannelErrorCode } from '../../../src/channels/channel-error';
import {
  parseChannelCreate,
  parseChannelUpdate,
  type ChannelBase,
} from '../../../src/channels/channel-input';
import { validateHandlerConfig } from '../../../src/channels/config-validation';
import { remoteFileKey, remoteFileStatus, type RemoteFileStatus } from '../../../src/channels/file-identity';
import {
  createHandlerContext,
  type ChannelConfig,
  type ChannelHandler,
  type HandlerLogger,
  type RemoteFile,
} from '../../../src/channels/handler';
import { redactSecrets } from '../../../src/channels/redact-secrets';
import { nextOccurrences } from '../../../src/channels/schedule';
import {
  mergeSecrets,
  redactForResponse,
  revealForHandler,
  SECRET_MASK,
  secretValuesOf,
} from '../../../src/channels/secret-config';
import { isSealed, SecretSealError } from '../../../src/channels/secret-sealing';
import { conflict, invalid, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseBooleanFilter, parseListQuery } from '../../../src/common/list-query';
import type { PluginConfig } from '../../config';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';

/**
 * Channels (the guide's "Set up utility channels"): CRUD with permanent code and handler,
 * config validated against the handler's schema with secrets sealed at rest and masked in
 * every response, and the two read-only remote calls (test connection, remote files),
 * each bounded by a time budget. Pulling lives in channel-pulls.
 */
export type StoredChannel = ChannelBase & {
  id: number;
  documentId: string;
  config: Record<string, unknown> | null;
  lastPullAt: string | null;
  lastSuccessfulPullAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ChannelStatus = 'inactive' | 'active' | 'failing';

const CHANNEL_ERROR_CODES: ReadonlySet<string> = new Set<ChannelErrorCode>([
  'connection-refused',
  'host-not-found',
  'timeout',
  'aborted',
  'authentication',
  'host-key-mismatch',
  'not-found',
  'permission-denied',
  'outside-root',
  'invalid-config',
  'protocol',
  'io',
]);

/**
 * A ChannelError thrown by a handler built against another copy of the SDK (a developer's
 * plugin bundles its own, so `instanceof` fails): recognised by its name and code.
 */
function fromOtherRealm(error: unknown): unknown {
  if (isChannelError(error)) return error;
  const e = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    details?: unknown;
    origin?: unknown;
  } | null;
  if (
    e &&
    typeof e === 'object' &&
    e.name === 'ChannelError' &&
    typeof e.code === 'string' &&
    CHANNEL_ERROR_CODES.has(e.code)
  ) {
    const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
    const origin = e.origin === 'server' ? 'server' : 'remote';
    return new ChannelError(
      e.code as ChannelErrorCode,
      typeof e.message === 'string' ? e.message : '',
      details,
      origin,
    );
  }
  return error;
}

/** A channel's config as a response may show it: secrets masked, also those of a handler no longer registered. */
export function redactConfig(
  handler: ChannelHandler | undefined,
  config: Record<string, unknown> | null,
): Record<string, unknown> {
  const shown = handler ? redactForResponse(handler.configSchema, config ?? {}) : { ...(config ?? {}) };
  for (const [key, value] of Object.entries(shown)) if (isSealed(value)) shown[key] = SECRET_MASK;
  return shown;
}

export type RemoteFileView = {
  name: string;
  path: string;
  size: number;
  modifiedAt: string;
  status: RemoteFileStatus;
  /** The ingestion log of this file, when it has one. */
  log: string | null;
};

const SORTABLE = [
  'code',
  'name',
  'handler',
  'displayOrder',
  'active',
  'lastPullAt',
  'createdAt',
  'updatedAt',
] as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.channel);
  const config = () => strapi.config.get<PluginConfig>('plugin::utilities');
  const handlers = () => getService(strapi, 'handlers');
  const keyring = () => getService(strapi, 'channel-secrets').keyring();

  function nextRunAt(row: StoredChannel): string | null {
    if (!row.active || !row.schedule) return null;
    try {
      return (
        nextOccurrences(row.schedule, {
          after: new Date(),
          count: 1,
          timezone: config().defaultTimezone,
        })[0]?.toISOString() ?? null
      );
    } catch {
      return null; // a stored schedule the current rules refuse: shown, never run
    }
  }

  function toDto(row: StoredChannel) {
    const handler = handlers().get(row.handler);
    const active = row.active ?? true;
    return {
      documentId: row.documentId,
      code: row.code,
      name: row.name,
      handler: row.handler,
      handlerName: handler?.name ?? null,
      handlerRegistered: Boolean(handler),
      capabilities: handler ? { ...handler.capabilities } : { pull: false, remoteFiles: false },
      active,
      production: row.production ?? false,
      displayOrder: row.displayOrder ?? 0,
      schedule: row.schedule ?? null,
      nextRunAt: nextRunAt(row),
      config: redactConfig(handler, row.config),
      lastPullAt: row.lastPullAt ?? null,
      lastSuccessfulPullAt: row.lastSuccessfulPullAt ?? null,
      lastError: row.lastError ?? null,
      status: !active ? 'inactive' : row.lastError ? 'failing' : 'active',
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async function findOrFail(documentId: string): Promise<StoredChannel> {
    const row = await documents().findOne({ documentId });
    if (!row) throw notFound('Channel', documentId);
    return row as StoredChannel;
  }

  const duplicateCode = (code: string) =>
    conflict(`A channel with code ${code} already exists`, {
      errors: [{ path: ['code'], message: 'Code already used' }],
    });

  /** Merges the incoming config with the stored secrets (sealing new ones) and validates it. */
  function prepareConfig(
    handler: ChannelHandler,
    code: string,
    incoming: unknown,
    stored: Record<string, unknown> | null,
    production: boolean,
  ): ChannelConfig {
    if (
      incoming !== undefined &&
      incoming !== null &&
      (typeof incoming !== 'object' || Array.isArray(incoming))
    ) {
      throw invalid('config: The configuration must be an object of field values', [
        { path: ['config'], message: 'The configuration must be an object of field values' },
      ]);
    }
    const merged = mergeSecrets(handler.configSchema, incoming ?? {}, stored, {
      keyring: keyring(),
      record: code,
    });
    return validateHandlerConfig(handler, merged, { production });
  }

  async function scheduleChanged(documentId: string) {
    await getService(strapi, 'channel-jobs').sync(documentId);
  }

  /**
   * What a handler call needs: the handler, the config with secrets opened, and a
   * scrubber for anything that might quote them. The opened config never leaves here
   * except into the handler call.
   */
  function runtimeOf(row: StoredChannel) {
    const handler = handlers().get(row.handler);
    if (!handler) {
      throw invalidField(
        'handler',
        `The handler "${row.handler}" of channel ${row.code} is not registered on this server (was the plugin providing it removed?)`,
      );
    }
    let revealed: ChannelConfig;
    try {
      revealed = revealForHandler(handler.configSchema, (row.config ?? {}) as ChannelConfig, {
        keyring: keyring(),
        record: row.code,
      });
    } catch (error) {
      if (error instanceof SecretSealError)
        throw invalid(`Channel ${row.code}: ${error.message}`, [
          { path: ['config'], message: error.message },
        ]);
      throw error;
    }
    const secrets = secretValuesOf(handler.configSchema, revealed);
    const redact = (text: string) => redactSecrets(text, secrets);
    // What a handler logs goes through the scrubber too: a custom handler may quote its config.
    const logger: HandlerLogger = {
      info: (m) => strapi.log.info(`[utilities] Channel ${row.code}: ${redact(String(m))}`),
      warn: (m) => strapi.log.warn(`[utilities] Channel ${row.code}: ${redact(String(m))}`),
    };
    return { handler, config: revealed, redact, logger };
  }

  /** Strings anywhere in a handler's result details, scrubbed (a JSON round trip would miss escaped secrets). */
  function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
    if (typeof value === 'string') return redact(value);
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact, depth + 1)]));
  }

  /** Any failure of a handler call as a ChannelError whose message is free of secrets. */
  function asChannelError(error: unknown, redact: (text: string) => string, doing: string): ChannelError {
    error = fromOtherRealm(error);
    if (isChannelError(error)) {
      const message = redact(error.message);
      return message === error.message
        ? error
        : new ChannelError(error.code, message, error.details, error.origin);
    }
    const message = redact(error instanceof Error ? error.message : String(error));
    return new ChannelError('io', `The handler failed while ${doing}: ${message}`);
  }

  function callContext(logger: HandlerLogger) {
    return createHandlerContext({ timeoutMs: config().channels.timeouts.callMs, logger });
  }

  /** Lists the remote files with their ingestion status; throws a (redacted) ChannelError on failure. */
  async function listWithStatus(
    row: StoredChannel,
  ): Promise<{ files: RemoteFile[]; views: RemoteFileView[] }> {
    const runtime = runtimeOf(row);
    if (!runtime.handler.capabilities.remoteFiles) {
      throw invalidField('handler', `The ${runtime.handler.name} handler cannot list remote files`);
    }
    let files: RemoteFile[];
    try {
      files = await runtime.handler.listRemoteFiles(runtime.config, callContext(runtime.logger));
    } catch (error) {
      throw asChannelError(error, runtime.redact, 'listing the remote files');
    }
    return { files, views: await viewsOf(row.documentId, files) };
  }

  async function viewsOf(channelRef: string, files: RemoteFile[]): Promise<RemoteFileView[]> {
    const keys = files.map((file) => remoteFileKey(channelRef, file));
    const logs = await getService(strapi, 'ingestion-logs').byKeys(channelRef, keys);
    return files.map((file, i) => {
      const log = logs.get(keys[i]);
      return {
        name: file.name,
        path: file.path,
        size: file.size,
        modifiedAt: file.modifiedAt.toISOString(),
        status: remoteFileStatus(log?.status),
        log: log?.documentId ?? null,
      };
    });
  }

  return {
    findOrFail,
    toDto,
    runtimeOf,
    asChannelError,
    viewsOf,

    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: SORTABLE,
        defaultSort: [
          { field: 'displayOrder', direction: 'asc' },
          { field: 'name', direction: 'asc' },
        ],
        filters: ['active', 'q', 'handler'],
      });
      const active = parseBooleanFilter('active', query.active);
      const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);
      const q = text(query.q);
      const handler = text(query.handler);
      const filters = {
        ...(active === undefined ? {} : { active }),
        ...(handler ? { handler } : {}),
        ...(q ? { $or: [{ code: { $containsi: q } }, { name: { $containsi: q } }] } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({
          filters,
          sort: list.sort.map((s) => ({ [s.field]: s.direction })),
          limit: list.pageSize,
          start: (list.page - 1) * list.pageSize,
        }),
        documents().count({ filters }),
      ]);
      return { data: (rows as StoredChannel[]).map(toDto), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return toDto(await findOrFail(documentId));
    },

    async create(body: unknown) {
      const { base, config: incoming } = parseChannelCreate(body, { timezone: config().defaultTimezone });
      const handler = handlers().getOrFail(base.handler);
      if (await documents().findFirst({ filters: { code: base.code } })) throw duplicateCode(base.code);
      const stored = prepareConfig(handler, base.code, incoming, null, base.production);
      let row: StoredChannel;
      try {
        row = (await documents().create({
          data: writable(UID.channel, { ...base, config: stored }),
        })) as StoredChannel;
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateCode(base.code);
        throw error;
      }
      await scheduleChanged(row.documentId);
      return toDto(row);
    },

    async update(documentId: string, body: unknown) {
      const stored = await findOrFail(documentId);
      const {
        patch,
        hasConfig,
        config: incoming,
      } = parseChannelUpdate(body, stored, { timezone: config().defaultTimezone });
      const data: Record<string, unknown> = { ...patch };
      const production = patch.production ?? stored.production ?? false;
      const productionTurnedOn = patch.production === true && !stored.production;
      if (hasConfig || productionTurnedOn) {
        const handler = handlers().getOrFail(stored.handler);
        // Turning production on re-checks the stored config (e.g. a pinned host key becomes
        // required). Its secrets go in as the mask, which keeps them as they are.
        const next = hasConfig ? incoming : redactConfig(handler, stored.config);
        data.config = prepareConfig(handler, stored.code, next, stored.config, production);
      }
      const row = (await documents().update({ documentId, data })) as StoredChannel;
      if ('active' in patch || 'schedule' in patch) await scheduleChanged(documentId);
      return toDto(row);
    },

    async delete(documentId: string) {
      const stored = await findOrFail(documentId);
      await documents().delete({ documentId });
      getService(strapi, 'channel-jobs').remove(documentId);
      // The ingestion logs stay: they keep the channel's documentId and code as text.
      return toDto(stored);
    },

    /** Tests the stored configuration. Never throws for a remote failure: the answer says what went wrong. */
    async testConnection(documentId: string) {
      const row = await findOrFail(documentId);
      const runtime = runtimeOf(row);
      try {
        const result = await runtime.handler.testConnection(runtime.config, callContext(runtime.logger));
        return {
          ok: true as const,
          message: runtime.redact(String(result.message)),
          details: redactDeep(result.details ?? {}, runtime.redact),
        };
      } catch (error) {
        const failure = asChannelError(error, runtime.redact, 'testing the connection');
        return {
          ok: false as const,
          code: failure.code,
          retryable: failure.retryable,
          message: failure.message,
        };
      }
    },

    async remoteFiles(documentId: string) {
      const row = await findOrFail(documentId);
      const { views } = await listWithStatus(row);
      return {
        files: views,
        lastPullAt: row.lastPullAt ?? null,
        lastSuccessfulPullAt: row.lastSuccessfulPullAt ?? null,
      };
    },

    /** Sets only the channel's last error (a pull interrupted by an outage, retrying). */
    async recordError(documentId: string, message: string) {
      await documents().update({
        documentId,
        data: writable(UID.channel, { lastError: message.slice(0, 5000) }),
      });
    },

    /** Pull bookkeeping on the channel row (only these fields: an editor may be saving the rest). */
    async recordPull(documentId: string, outcome: { at: Date; error: string | null }) {
      const data =
        outcome.error === null
          ? {
              lastPullAt: outcome.at.toISOString(),
              lastSuccessfulPullAt: outcome.at.toISOString(),
              lastError: null,
            }
          : { lastPullAt: outcome.at.toISOString(), lastError: outcome.error.slice(0, 5000) };
      try {
        await documents().update({ documentId, data: writable(UID.channel, data) });
      } catch (error) {
        // Deleted while it was being pulled: nothing to record on.
        if (!(await documents().findOne({ documentId }))) return;
        throw error;
      }
    },
  };
};
