import { isIP } from 'node:net';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { FieldProblem } from '../../common/errors';
import { ChannelError } from '../channel-error';
import type {
  AfterProcessingResult,
  ChannelConfig,
  ChannelHandler,
  ConfigSchema,
  ConnectionTestResult,
  HandlerContext,
  ProcessingOutcome,
  RemoteFile,
} from '../handler';
import { abortError, throwIfAborted } from '../handler';
import {
  afterProcessingFields,
  afterProcessingOf,
  filePatternFields,
  isPlainFileName,
  MAX_NAME_ATTEMPTS,
  moveTargetProblem,
  numberedName,
  patternOf,
  skipAfterProcessing,
} from './file-drop';
import { fingerprintProblem } from './host-key-fingerprint';
import { withInactivityTimeout } from './inactivity-stream';
import { SftpSession, type SftpTarget, type SftpTimeouts } from './sftp-session';
import { formatFields, formatProblems } from './format-fields';

/**
 * The built-in SFTP handler: a meter vendor leaves reading files in a folder on their
 * SFTP server; each call opens one connection, does its work one operation at a time,
 * and closes it. See SftpSession for the connection rules (pinned host key, timeouts,
 * redaction).
 */

export const SFTP_HANDLER_ID = 'sftp';

export type SftpHandlerOptions = Partial<SftpTimeouts>;

const DEFAULT_TIMEOUT_MS = 10_000;

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function hostProblem(value: string): string | null {
  if (isIP(value)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return 'must be a host name only, without "sftp://" (e.g. sftp.vendor.com)';
  if (/:\d+$/.test(value)) return 'must not include the port; put it in Port';
  return HOST_NAME.test(value) ? null : 'must be a host name (e.g. sftp.vendor.com) or an IP address';
}

/** A stored credential is only kept while the server and the account it was typed for stay the same. */
const SERVER_AND_ACCOUNT = ['host', 'username'];

export const sftpConfigSchema: ConfigSchema = [
  {
    key: 'host',
    label: 'Host',
    type: 'string',
    required: true,
    maxLength: 253,
    check: (v) => hostProblem(String(v)),
  },
  { key: 'port', label: 'Port', type: 'number', integer: true, min: 1, max: 65535, default: 22 },
  { key: 'username', label: 'Username', type: 'string', required: true, maxLength: 128 },
  {
    key: 'auth',
    label: 'Authentication',
    type: 'select',
    required: true,
    default: 'password',
    options: [
      { value: 'password', label: 'Password' },
      { value: 'privateKey', label: 'Private key' },
    ],
  },
  {
    key: 'password',
    label: 'Password',
    type: 'secret',
    boundTo: SERVER_AND_ACCOUNT,
    required: true,
    visibleWhen: { field: 'auth', equals: ['password'] },
  },
  {
    key: 'privateKey',
    label: 'Private key',
    type: 'secret',
    boundTo: SERVER_AND_ACCOUNT,
    multiline: true,
    required: true,
    visibleWhen: { field: 'auth', equals: ['privateKey'] },
    help: 'The whole private key, OpenSSH or PEM format, including the BEGIN and END lines.',
  },
  {
    key: 'passphrase',
    label: 'Key passphrase',
    type: 'secret',
    boundTo: SERVER_AND_ACCOUNT,
    visibleWhen: { field: 'auth', equals: ['privateKey'] },
    help: 'Only if the private key is protected by a passphrase.',
  },
  {
    key: 'hostKeyFingerprint',
    label: 'Host key fingerprint',
    type: 'string',
    requiredInProduction: true,
    maxLength: 100,
    check: (v) => fingerprintProblem(String(v)),
    help: 'The server\'s SHA256 host key fingerprint as ssh-keygen -l prints it (SHA256:…). Required for production channels; "Test connection" shows the fingerprint the server presents — confirm it with the vendor before pinning it.',
  },
  {
    key: 'remoteFolder',
    label: 'Remote folder',
    type: 'path',
    default: '.',
    help: 'Folder on the server holding the reading files; relative paths start at the login folder.',
  },
  ...filePatternFields,
  ...afterProcessingFields(
    'Folder on the server the processed files are moved to; a relative path is inside the remote folder. Created if missing.',
  ),
  ...formatFields,
];

function targetOf(config: ChannelConfig): SftpTarget {
  const auth =
    config.auth === 'privateKey'
      ? {
          kind: 'privateKey' as const,
          privateKey: String(config.privateKey ?? ''),
          passphrase: config.passphrase ? String(config.passphrase) : undefined,
        }
      : { kind: 'password' as const, password: String(config.password ?? '') };
  return {
    host: String(config.host),
    port: typeof config.port === 'number' ? config.port : 22,
    username: String(config.username),
    auth,
    hostKeyFingerprint: config.hostKeyFingerprint ? String(config.hostKeyFingerprint) : undefined,
  };
}

function folderOf(config: ChannelConfig): string {
  return String(config.remoteFolder ?? '.');
}

function moveFolderOf(config: ChannelConfig): string {
  const moveTo = String(config.moveToFolder ?? '');
  return moveTo.startsWith('/') ? moveTo : posix.join(folderOf(config), moveTo);
}

/** A path handed back by the caller must name a file directly inside the folder, matching the pattern. */
function fileNameIn(config: ChannelConfig, path: string): string {
  const folder = folderOf(config);
  const name = typeof path === 'string' ? posix.basename(path) : '';
  if (typeof path !== 'string' || !isPlainFileName(name) || posix.join(folder, name) !== path) {
    throw new ChannelError(
      'outside-root',
      `"${String(path)}" is not a file in the channel's remote folder "${folder}"`,
    );
  }
  if (!patternOf(config).matches(name)) {
    throw new ChannelError(
      'outside-root',
      `"${name}" does not match the channel's file pattern "${String(config.filePattern)}"`,
    );
  }
  return name;
}

export function createSftpHandler(options: SftpHandlerOptions = {}): ChannelHandler {
  const timeouts: SftpTimeouts = {
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    inactivityTimeoutMs: options.inactivityTimeoutMs ?? DEFAULT_TIMEOUT_MS,
  };

  async function withSession<T>(
    config: ChannelConfig,
    ctx: HandlerContext,
    work: (s: SftpSession) => Promise<T>,
  ): Promise<T> {
    throwIfAborted(ctx, `connecting to ${String(config.host)}`);
    const session = await SftpSession.open(targetOf(config), ctx, timeouts);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  async function listFolder(session: SftpSession, folder: string) {
    try {
      return await session.run(`listing the folder "${folder}"`, (c) => c.list(folder));
    } catch (error) {
      if (error instanceof ChannelError && error.code === 'not-found') {
        // OpenSSH answers "no such file" for a folder that is a file too: tell them apart.
        const kind = await session.run(`checking "${folder}"`, (c) => c.exists(folder)).catch(() => false);
        if (kind !== false && kind !== 'd') {
          throw new ChannelError(
            'invalid-config',
            `The remote folder "${folder}" on ${session.server} is a file, not a folder. Check the remote folder in the channel settings`,
            error.details,
          );
        }
        throw new ChannelError(
          'not-found',
          `The remote folder "${folder}" does not exist on ${session.server}. Check the remote folder in the channel settings`,
          error.details,
        );
      }
      throw error;
    }
  }

  async function matchingFiles(
    session: SftpSession,
    config: ChannelConfig,
  ): Promise<{ files: RemoteFile[]; total: number }> {
    const folder = folderOf(config);
    const pattern = patternOf(config);
    const entries = await listFolder(session, folder);
    const regular = entries.filter((e) => e.type === '-');
    const files = regular
      .filter((e) => isPlainFileName(e.name) && pattern.matches(e.name))
      .map((e) => ({
        name: e.name,
        path: posix.join(folder, e.name),
        size: e.size,
        modifiedAt: new Date(e.modifyTime),
      }))
      // Oldest first: readings are ingested in the order they were produced.
      .sort(
        (a, b) =>
          a.modifiedAt.getTime() - b.modifiedAt.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    return { files, total: regular.length };
  }

  return {
    id: SFTP_HANDLER_ID,
    name: 'SFTP',
    description:
      'Pulls reading files from a folder on an SFTP server (password or key login, pinned host key).',
    configSchema: sftpConfigSchema,
    capabilities: { pull: true, remoteFiles: true },

    checkConfig(config: ChannelConfig): FieldProblem[] {
      return [
        ...(config.afterProcessing === 'move'
          ? moveTargetProblem(folderOf(config), moveFolderOf(config))
          : []),
        ...formatProblems(config),
      ];
    },

    async testConnection(config, ctx): Promise<ConnectionTestResult> {
      return withSession(config, ctx, async (session) => {
        const { files, total } = await matchingFiles(session, config);
        const fingerprint = session.receivedFingerprint;
        const pinned = Boolean(config.hostKeyFingerprint);
        const parts = [
          `Connected to ${session.server} as "${String(config.username)}".`,
          `The folder "${folderOf(config)}" holds ${total} file${total === 1 ? '' : 's'}, ${files.length} matching "${String(config.filePattern ?? '*')}".`,
          pinned
            ? 'The host key matches the pinned fingerprint.'
            : `The host key is not pinned; the server presented ${fingerprint}.`,
        ];
        return {
          message: parts.join(' '),
          details: {
            hostKeyFingerprint: fingerprint,
            hostKeyPinned: pinned,
            files: total,
            matchingFiles: files.length,
          },
        };
      });
    },

    async listRemoteFiles(config, ctx): Promise<RemoteFile[]> {
      return withSession(config, ctx, async (session) => (await matchingFiles(session, config)).files);
    },

    async openRemoteFile(config, path, ctx): Promise<Readable> {
      const name = fileNameIn(config, path);
      throwIfAborted(ctx, `opening ${name}`);
      const session = await SftpSession.open(targetOf(config), ctx, timeouts);
      try {
        const kind = await session.run(`checking the file "${path}"`, (c) => c.exists(path));
        if (kind !== '-') {
          throw new ChannelError(
            'not-found',
            kind === false
              ? `The file "${path}" no longer exists on ${session.server}; it may have been moved or deleted since it was listed`
              : `"${path}" on ${session.server} is not a regular file`,
          );
        }
        const source = session.raw.createReadStream(path) as Readable;
        return withInactivityTimeout(source, {
          timeoutMs: timeouts.inactivityTimeoutMs,
          timeoutError: () =>
            new ChannelError(
              'timeout',
              `The SFTP server ${session.server} sent no data for ${timeouts.inactivityTimeoutMs / 1000} s while reading "${path}"`,
            ),
          translateError: (error) => session.translate(error, `reading the file "${path}"`),
          signal: ctx.signal,
          abortError: () => abortError(ctx, `reading "${path}" from ${session.server}`),
          onClose: () => void session.close(),
        });
      } catch (error) {
        await session.close();
        throw error;
      }
    },

    async afterProcessing(config, path, outcome: ProcessingOutcome, ctx): Promise<AfterProcessingResult> {
      const name = fileNameIn(config, path);
      const skip = skipAfterProcessing(config, outcome);
      if (skip) return skip;
      return withSession(config, ctx, async (session) => {
        if (afterProcessingOf(config) === 'delete') {
          await session.run(`deleting "${path}"`, (c) => c.delete(path));
          return { action: 'deleted' };
        }
        const target = moveFolderOf(config);
        const existing = await session.run(`checking the folder "${target}"`, (c) => c.exists(target));
        if (existing === false)
          await session.run(`creating the folder "${target}"`, (c) => c.mkdir(target, true));
        else if (existing !== 'd')
          throw new ChannelError(
            'invalid-config',
            `Move to folder "${target}" on ${session.server} exists but is not a folder`,
          );
        for (let n = 0; n <= MAX_NAME_ATTEMPTS; n++) {
          const destination = posix.join(target, n === 0 ? name : numberedName(name, n));
          const taken = await session.run(`checking "${destination}"`, (c) => c.exists(destination));
          if (taken !== false) continue;
          await session.run(`moving "${path}" to "${destination}"`, (c) => c.rename(path, destination));
          return { action: 'moved', to: destination };
        }
        throw new ChannelError(
          'io',
          `Could not find a free name for "${name}" in "${target}" on ${session.server}`,
        );
      });
    },
  };
}

export const sftpHandler: ChannelHandler = createSftpHandler();
