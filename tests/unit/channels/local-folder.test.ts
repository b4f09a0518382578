import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ChannelError,
  createHandlerContext,
  createLocalFolderHandler,
  validateHandlerConfig,
  type ChannelConfig,
  type ChannelHandler,
} from '../../../src/channels';

let base: string; // allowed root for channels
let outside: string; // a folder channels must never reach
let handler: ChannelHandler;
const ctx = () => createHandlerContext({ timeoutMs: 30_000 });

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function channelError(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error('expected a ChannelError');
}

function config(overrides: Record<string, unknown> = {}): ChannelConfig {
  return validateHandlerConfig(handler, { root: join(base, 'drop'), filePattern: '*.csv', ...overrides });
}

beforeEach(async () => {
  const top = await fs.mkdtemp(join(tmpdir(), 'utilities-local-'));
  base = join(top, 'allowed');
  outside = join(top, 'secret');
  await fs.mkdir(join(base, 'drop'), { recursive: true });
  await fs.mkdir(outside);
  await fs.writeFile(join(outside, 'passwd.csv'), 'root:x:0:0');
  handler = createLocalFolderHandler({ allowedRoots: [base] });
});

afterEach(async () => {
  await fs.rm(join(base, '..'), { recursive: true, force: true });
});

async function drop(name: string, content: string, mtime?: Date) {
  const path = join(base, 'drop', name);
  await fs.writeFile(path, content);
  if (mtime) await fs.utimes(path, mtime, mtime);
  return path;
}

describe('local-folder handler', () => {
  it('lists matching regular files, oldest first, with size and time', async () => {
    await drop('b.csv', 'bbbb', new Date('2024-01-02T00:00:00Z'));
    await drop('a.CSV', 'a', new Date('2024-01-03T00:00:00Z'));
    await drop('c.txt', 'c');
    await drop('.partial.csv', 'p');
    await fs.mkdir(join(base, 'drop', 'dir.csv'));
    const files = await handler.listRemoteFiles(config(), ctx());
    expect(files).toEqual([
      {
        name: 'b.csv',
        path: join(base, 'drop', 'b.csv'),
        size: 4,
        modifiedAt: new Date('2024-01-02T00:00:00Z'),
      },
      {
        name: 'a.CSV',
        path: join(base, 'drop', 'a.CSV'),
        size: 1,
        modifiedAt: new Date('2024-01-03T00:00:00Z'),
      },
    ]);
    const exact = await handler.listRemoteFiles(config({ caseInsensitive: false }), ctx());
    expect(exact.map((f) => f.name)).toEqual(['b.csv']);
  });

  it('streams a listed file', async () => {
    await drop('readings.csv', 'meter;value\nM1;42\n');
    const [file] = await handler.listRemoteFiles(config(), ctx());
    expect(await read(await handler.openRemoteFile(config(), file.path, ctx()))).toBe('meter;value\nM1;42\n');
  });

  it('reports what it sees when testing the connection', async () => {
    await drop('a.csv', 'a');
    await drop('b.txt', 'b');
    const result = await handler.testConnection(config(), ctx());
    expect(result.details).toEqual({ files: 2, matchingFiles: 1 });
    expect(result.message).toContain('2 files, 1 matching "*.csv"');
  });

  it.each([
    ['a parent-relative path', (root: string) => join(root, '..', '..', 'secret', 'passwd.csv')],
    ['an absolute path elsewhere', () => join(outside, 'passwd.csv')],
    ['a path in a subfolder', (root: string) => join(root, 'sub', 'x.csv')],
    ['a file not matching the pattern', (root: string) => join(root, 'x.txt')],
  ])('refuses to open %s', async (_what, pathOf) => {
    const error = await channelError(handler.openRemoteFile(config(), pathOf(join(base, 'drop')), ctx()));
    expect(error.code).toBe('outside-root');
  });

  it('skips symlinks pointing outside when listing and refuses to open them', async () => {
    await fs.symlink(join(outside, 'passwd.csv'), join(base, 'drop', 'link.csv'));
    await drop('inside.csv', 'ok');
    await fs.symlink(join(base, 'drop', 'inside.csv'), join(base, 'drop', 'alias.csv'));
    const warnings: string[] = [];
    const files = await handler.listRemoteFiles(config(), {
      ...ctx(),
      logger: { info: () => {}, warn: (m) => warnings.push(m) },
    });
    expect(files.map((f) => f.name).sort()).toEqual(['alias.csv', 'inside.csv']);
    expect(warnings.join('\n')).toContain('link.csv');
    const error = await channelError(handler.openRemoteFile(config(), join(base, 'drop', 'link.csv'), ctx()));
    expect(error.code).toBe('outside-root');
    expect(error.message).toContain('symbolic link pointing outside');
    expect(await read(await handler.openRemoteFile(config(), join(base, 'drop', 'alias.csv'), ctx()))).toBe(
      'ok',
    );
  });

  it('refuses a root that is a symlink leading outside the allowed folders', async () => {
    // Saved before the link existed: the pull checks again.
    const saved = config({ root: join(base, 'sneaky') });
    await fs.symlink(outside, join(base, 'sneaky'));
    const error = await channelError(handler.listRemoteFiles(saved, ctx()));
    expect(error.code).toBe('outside-root');
    // Saved now, it is refused at once.
    expect(() => config({ root: join(base, 'sneaky') })).toThrow(
      'Folder leads (through a symbolic link) outside the folders allowed for channels',
    );
  });

  it('refuses roots outside the allowed folders at validation time', () => {
    expect(() => config({ root: outside })).toThrow(
      `Folder must be inside one of the allowed folders: ${base}`,
    );
    expect(() => config({ root: `${base}-evil` })).toThrow('must be inside one of the allowed folders');
    expect(() => config({ root: 'relative' })).toThrow('must be an absolute path');
  });

  it('refuses every root when the operator allowed none', async () => {
    const locked = createLocalFolderHandler({ allowedRoots: [] });
    expect(() => validateHandlerConfig(locked, { root: base })).toThrow('no folders are allowed');
    const error = await channelError(locked.listRemoteFiles({ root: base, filePattern: '*' }, ctx()));
    expect(error.code).toBe('outside-root');
  });

  it('says clearly when the folder does not exist', async () => {
    const error = await channelError(handler.listRemoteFiles(config({ root: join(base, 'missing') }), ctx()));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`The folder "${join(base, 'missing')}" does not exist on this server`);
  });

  it('says clearly when a listed file vanished before it was opened', async () => {
    const path = await drop('gone.csv', 'x');
    await fs.unlink(path);
    const error = await channelError(handler.openRemoteFile(config(), path, ctx()));
    expect(error.code).toBe('not-found');
  });

  it('moves processed files inside the root without overwriting', async () => {
    const cfg = config({ afterProcessing: 'move', moveToFolder: 'processed' });
    const first = await drop('r.csv', 'one');
    expect(await handler.afterProcessing!(cfg, first, 'completed', ctx())).toEqual({
      action: 'moved',
      to: join(base, 'drop', 'processed', 'r.csv'),
    });
    const second = await drop('r.csv', 'two');
    expect(await handler.afterProcessing!(cfg, second, 'partial', ctx())).toEqual({
      action: 'moved',
      to: join(base, 'drop', 'processed', 'r-1.csv'),
    });
    expect(await fs.readFile(join(base, 'drop', 'processed', 'r.csv'), 'utf8')).toBe('one');
    expect(await fs.readFile(join(base, 'drop', 'processed', 'r-1.csv'), 'utf8')).toBe('two');
    expect(await handler.listRemoteFiles(cfg, ctx())).toEqual([]);
  });

  it('refuses a move folder outside the root, lexically and through a symlink', async () => {
    expect(() => config({ afterProcessing: 'move', moveToFolder: outside })).toThrow(
      'Move to folder must be inside the folder',
    );
    const saved = config({ afterProcessing: 'move', moveToFolder: 'out' });
    await fs.symlink(outside, join(base, 'drop', 'out'));
    expect(() => config({ afterProcessing: 'move', moveToFolder: 'out' })).toThrow(
      "Move to folder leads (through a symbolic link) outside the channel's folder",
    );
    const path = await drop('r.csv', 'x');
    const error = await channelError(handler.afterProcessing!(saved, path, 'completed', ctx()));
    expect(error.code).toBe('outside-root');
    expect(await fs.readFile(path, 'utf8')).toBe('x');
    expect(await fs.readdir(outside)).toEqual(['passwd.csv']);
  });

  it('deletes processed files, and leaves failed ones whatever the setting', async () => {
    const cfg = config({ afterProcessing: 'delete' });
    const path = await drop('r.csv', 'x');
    expect(await handler.afterProcessing!(cfg, path, 'failed', ctx())).toEqual({
      action: 'left',
      reason: expect.stringContaining('next pull'),
    });
    expect(await fs.readFile(path, 'utf8')).toBe('x');
    expect(await handler.afterProcessing!(cfg, path, 'completed', ctx())).toEqual({ action: 'deleted' });
    await expect(fs.access(path)).rejects.toThrow();
  });

  it('leaves files when told to', async () => {
    const path = await drop('r.csv', 'x');
    expect(await handler.afterProcessing!(config(), path, 'completed', ctx())).toEqual({ action: 'left' });
    expect(await fs.readFile(path, 'utf8')).toBe('x');
  });

  it('deleting a symlink removes the link, never the file it points to', async () => {
    await drop('target.csv', 'keep me');
    await fs.symlink(join(base, 'drop', 'target.csv'), join(base, 'drop', 'alias.csv'));
    await handler.afterProcessing!(
      config({ afterProcessing: 'delete' }),
      join(base, 'drop', 'alias.csv'),
      'completed',
      ctx(),
    );
    expect(await fs.readFile(join(base, 'drop', 'target.csv'), 'utf8')).toBe('keep me');
  });

  it('stops reading when the call is aborted', async () => {
    await drop('big.csv', 'x'.repeat(1_000_000));
    const controller = new AbortController();
    const stream = await handler.openRemoteFile(
      config(),
      join(base, 'drop', 'big.csv'),
      createHandlerContext({ timeoutMs: 30_000, signal: controller.signal }),
    );
    controller.abort();
    await expect(read(stream)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('refuses relative allowed roots at construction', () => {
    expect(() => createLocalFolderHandler({ allowedRoots: ['data'] })).toThrow('must be absolute');
  });
});
