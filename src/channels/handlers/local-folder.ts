import { constants, promises as fs, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { FieldProblem } from '../../common/errors';
import { ChannelError, type ChannelErrorCode } from '../channel-error';
import { abortError, throwIfAborted } from '../handler';
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
import { formatFields, formatProblems } from './format-fields';

/**
 * The built-in local-folder handler: reading files dropped into a folder on the Strapi
 * server itself (an rsync target, a mounted share).
 *
 * A channel is edited by CMS users who have no shell on the server, so the handler must
 * not become a way to read the server's files: the root has to lie inside one of the
 * `allowedRoots` the app's operator configured (none configured = the handler refuses
 * every root), and no path — "..", an absolute path, a symlink pointing out — can leave
 * the root. Checks use real paths (symlinks resolved) and files are opened with
 * O_NOFOLLOW on the resolved path.
 */

export const LOCAL_FOLDER_HANDLER_ID = 'local-folder';

export type LocalFolderHandlerOptions = {
  /** Absolute folders a channel root may be (or be inside). Set by the app operator, not by editors. */
  allowedRoots: readonly string[];
};

export const localFolderConfigSchema: ConfigSchema = [
  {
    key: 'root',
    label: 'Folder',
    type: 'path',
    absolute: true,
    required: true,
    help: 'Absolute path of the folder on the Strapi server holding the reading files. It must lie inside a folder the operator allowed for channels.',
  },
  ...filePatternFields,
  ...afterProcessingFields(
    'Folder the processed files are moved to, relative to the folder above (e.g. processed). Created if missing.',
  ),
  ...formatFields,
];

function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

function rootOf(config: ChannelConfig): string {
  return String(config.root ?? '');
}

/** moveToFolder relative to the root; an absolute one is accepted only inside the root. */
function moveFolderOf(config: ChannelConfig): string {
  const root = rootOf(config);
  const moveTo = String(config.moveToFolder ?? '');
  return moveTo.startsWith('/') ? posix.normalize(moveTo) : posix.join(root, moveTo);
}

/** Every failure of this handler happens on this server, never on a remote. */
function serverError(code: ChannelErrorCode, message: string): ChannelError {
  return new ChannelError(code, message, {}, 'server');
}

/**
 * The real path of `path`, or of its nearest existing ancestor with the missing rest
 * appended (a folder that does not exist yet cannot be a link). Null when nothing on
 * the way can be resolved.
 */
function realPathSoFar(path: string): string | null {
  let rest = '';
  for (let current = path; ; current = posix.dirname(current)) {
    try {
      return posix.join(realpathSync(current), rest);
    } catch {
      if (current === '/' || current === '.') return null;
      rest = posix.join(posix.basename(current), rest);
    }
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

export function createLocalFolderHandler(options: LocalFolderHandlerOptions): ChannelHandler {
  const allowed = options.allowedRoots.map((r) => posix.normalize(r).replace(/(.)\/$/, '$1'));
  for (const root of allowed) {
    if (!root.startsWith('/'))
      throw new Error(`local-folder allowedRoots must be absolute paths, got "${root}"`);
  }

  function lexicalRootProblem(root: string): string | null {
    if (allowed.length === 0) {
      return 'cannot be used: no folders are allowed for local-folder channels on this server (the operator sets them in the plugin configuration)';
    }
    return allowed.some((a) => isInside(a, root))
      ? null
      : `must be inside one of the allowed folders: ${allowed.join(', ')}`;
  }

  /**
   * On save, the same real-path checks a pull makes: a root or move folder that is (or
   * passes through) a symbolic link leading outside the allowed folders is refused now,
   * not at the first pull. Folders that don't exist yet are checked as far as they do.
   */
  function linkProblems(config: ChannelConfig): FieldProblem[] {
    const realRootPath = realPathSoFar(rootOf(config));
    if (realRootPath === null) return [];
    const realAllowed = allowed.map((a) => realPathSoFar(a)).filter((a): a is string => a !== null);
    if (!realAllowed.some((a) => isInside(a, realRootPath))) {
      return [
        {
          path: ['config', 'root'],
          message: 'Folder leads (through a symbolic link) outside the folders allowed for channels',
        },
      ];
    }
    // A move folder that is outside even on paper has its own message (checkConfig).
    if (afterProcessingOf(config) !== 'move' || !isInside(rootOf(config), moveFolderOf(config))) return [];
    const realMove = realPathSoFar(moveFolderOf(config));
    if (realMove !== null && (!isInside(realRootPath, realMove) || realMove === realRootPath)) {
      return [
        {
          path: ['config', 'moveToFolder'],
          message:
            "Move to folder leads (through a symbolic link) outside the channel's folder (or is the folder itself)",
        },
      ];
    }
    return [];
  }

  /** The real path of the root, after checking it (and the allowed root it is in) for real. */
  async function realRoot(config: ChannelConfig): Promise<string> {
    const root = rootOf(config);
    const problem = lexicalRootProblem(root);
    if (problem) throw serverError('outside-root', `The folder "${root}" ${problem}`);
    let real: string;
    try {
      real = await fs.realpath(root);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT')
        throw serverError('not-found', `The folder "${root}" does not exist on this server`);
      if (errnoOf(error) === 'EACCES')
        throw serverError('permission-denied', `The server process may not open the folder "${root}"`);
      throw serverError('io', `The folder "${root}" cannot be opened: ${(error as Error).message}`);
    }
    const realAllowed = await Promise.all(allowed.map((a) => fs.realpath(a).catch(() => null)));
    if (!realAllowed.some((a) => a !== null && isInside(a, real))) {
      throw serverError(
        'outside-root',
        `The folder "${root}" leads (through a symbolic link) outside the folders allowed for channels`,
      );
    }
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) throw serverError('invalid-config', `"${root}" is not a folder`);
    return real;
  }

  /** A path handed back by the caller: directly inside the root, plain name, matching the pattern. */
  function fileNameIn(config: ChannelConfig, path: string): string {
    const root = rootOf(config);
    const name = typeof path === 'string' ? posix.basename(path) : '';
    if (typeof path !== 'string' || !isPlainFileName(name) || posix.join(root, name) !== path) {
      throw serverError('outside-root', `"${String(path)}" is not a file in the channel's folder "${root}"`);
    }
    if (!patternOf(config).matches(name)) {
      throw serverError(
        'outside-root',
        `"${name}" does not match the channel's file pattern "${String(config.filePattern)}"`,
      );
    }
    return name;
  }

  /** The real path of a file in the root, refused if it resolves anywhere else or is not a regular file. */
  async function realFile(real: string, name: string, shownPath: string): Promise<string | null> {
    let target: string;
    try {
      target = await fs.realpath(posix.join(real, name));
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return null;
      throw serverError('io', `"${shownPath}" cannot be read: ${(error as Error).message}`);
    }
    if (!isInside(real, target) || target === real) {
      throw serverError(
        'outside-root',
        `"${shownPath}" is a symbolic link pointing outside the channel's folder; it is not read`,
      );
    }
    return target;
  }

  async function matchingFiles(
    config: ChannelConfig,
    ctx: HandlerContext,
  ): Promise<{ files: RemoteFile[]; total: number }> {
    const real = await realRoot(config);
    const root = rootOf(config);
    const pattern = patternOf(config);
    const entries = await fs.readdir(real, { withFileTypes: true });
    const files: RemoteFile[] = [];
    let total = 0;
    for (const entry of entries) {
      throwIfAborted(ctx, `listing "${root}"`);
      if (!(entry.isFile() || entry.isSymbolicLink())) continue;
      let target: string | null;
      try {
        target = await realFile(real, entry.name, posix.join(root, entry.name));
      } catch (error) {
        if (error instanceof ChannelError && error.code === 'outside-root') {
          ctx.logger?.warn(error.message);
          continue;
        }
        throw error;
      }
      if (target === null) continue;
      const stat = await fs.stat(target).catch(() => null);
      if (!stat?.isFile()) continue;
      total++;
      if (!isPlainFileName(entry.name) || !pattern.matches(entry.name)) continue;
      files.push({
        name: entry.name,
        path: posix.join(root, entry.name),
        size: stat.size,
        modifiedAt: stat.mtime,
      });
    }
    files.sort(
      (a, b) =>
        a.modifiedAt.getTime() - b.modifiedAt.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    return { files, total };
  }

  /** Moves without ever overwriting: link to a free name (fails if taken), then drop the old name. */
  async function moveInto(source: string, folder: string, name: string): Promise<string> {
    for (let n = 0; n <= MAX_NAME_ATTEMPTS; n++) {
      const destination = posix.join(folder, n === 0 ? name : numberedName(name, n));
      try {
        await fs.link(source, destination);
        await fs.unlink(source);
        return destination;
      } catch (error) {
        const code = errnoOf(error);
        if (code === 'EEXIST') continue;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
        // No hard links here (another file system): check, then rename.
        if (
          await fs.lstat(destination).then(
            () => true,
            () => false,
          )
        )
          continue;
        await fs.rename(source, destination);
        return destination;
      }
    }
    throw serverError('io', `Could not find a free name for "${name}" in "${folder}"`);
  }

  return {
    id: LOCAL_FOLDER_HANDLER_ID,
    name: 'Local folder',
    description:
      'Reads reading files from a folder on the Strapi server (inside the folders the operator allowed).',
    configSchema: localFolderConfigSchema,
    capabilities: { pull: true, remoteFiles: true },

    checkConfig(config: ChannelConfig): FieldProblem[] {
      const problems: FieldProblem[] = [];
      const root = rootOf(config);
      const rootProblem = lexicalRootProblem(root);
      if (rootProblem) problems.push({ path: ['config', 'root'], message: `Folder ${rootProblem}` });
      else problems.push(...linkProblems(config));
      if (config.afterProcessing === 'move') {
        const target = moveFolderOf(config);
        if (!isInside(root, target)) {
          problems.push({
            path: ['config', 'moveToFolder'],
            message: 'Move to folder must be inside the folder (use a relative path such as processed)',
          });
        } else {
          problems.push(...moveTargetProblem(root, target));
        }
      }
      return [...problems, ...formatProblems(config)];
    },

    async testConnection(config, ctx): Promise<ConnectionTestResult> {
      const { files, total } = await matchingFiles(config, ctx);
      return {
        message: `The folder "${rootOf(config)}" holds ${total} file${total === 1 ? '' : 's'}, ${files.length} matching "${String(config.filePattern ?? '*')}".`,
        details: { files: total, matchingFiles: files.length },
      };
    },

    async listRemoteFiles(config, ctx): Promise<RemoteFile[]> {
      return (await matchingFiles(config, ctx)).files;
    },

    async openRemoteFile(config, path, ctx): Promise<Readable> {
      const name = fileNameIn(config, path);
      throwIfAborted(ctx, `opening "${path}"`);
      const real = await realRoot(config);
      const target = await realFile(real, name, path);
      if (target === null)
        throw serverError(
          'not-found',
          `The file "${path}" no longer exists; it may have been moved or deleted since it was listed`,
        );
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(target, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (error) {
        if (errnoOf(error) === 'ELOOP')
          throw serverError(
            'outside-root',
            `"${path}" changed into a symbolic link while being opened; it is not read`,
          );
        if (errnoOf(error) === 'ENOENT')
          throw serverError('not-found', `The file "${path}" no longer exists`);
        throw serverError('io', `"${path}" cannot be opened: ${(error as Error).message}`);
      }
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        throw serverError('not-found', `"${path}" is not a regular file`);
      }
      // The stream owns the handle from here on and closes it when it ends or is destroyed.
      const stream = handle.createReadStream();
      const onAbort = () => stream.destroy(abortError(ctx, `reading "${path}"`));
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      stream.once('close', () => ctx.signal.removeEventListener('abort', onAbort));
      return stream;
    },

    async afterProcessing(config, path, outcome: ProcessingOutcome, ctx): Promise<AfterProcessingResult> {
      const name = fileNameIn(config, path);
      const skip = skipAfterProcessing(config, outcome);
      if (skip) return skip;
      throwIfAborted(ctx, `handling "${path}"`);
      const real = await realRoot(config);
      const source = posix.join(real, name); // the entry itself (a link is moved or removed as a link)
      if (
        !(await fs.lstat(source).then(
          () => true,
          () => false,
        ))
      ) {
        throw serverError('not-found', `The file "${path}" no longer exists`);
      }
      if (afterProcessingOf(config) === 'delete') {
        await fs.unlink(source);
        return { action: 'deleted' };
      }
      const relative = posix.relative(rootOf(config), moveFolderOf(config));
      if (relative.startsWith('..') || posix.isAbsolute(relative)) {
        throw serverError('outside-root', "Move to folder must be inside the channel's folder");
      }
      const folder = posix.join(real, relative);
      await fs.mkdir(folder, { recursive: true });
      const realFolder = await fs.realpath(folder);
      if (!isInside(real, realFolder) || realFolder === real) {
        throw serverError(
          'outside-root',
          `Move to folder "${String(config.moveToFolder)}" leads outside the channel's folder (or is the folder itself)`,
        );
      }
      const moved = await moveInto(source, realFolder, name);
      const shown = posix.join(moveFolderOf(config), posix.basename(moved));
      return { action: 'moved', to: shown };
    },
  };
}
