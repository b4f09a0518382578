import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import {
  archiveOutcome,
  archiveRefusal,
  DEFAULT_ARCHIVE_LIMITS,
  detectCompression,
  expansionGuard,
  gunzippedName,
  gzipFailure,
  isArchiveMetadata,
  memberLogName,
  memberProblem,
  type MemberOutcome,
} from '../../../src/channels/compressed-delivery';
import { DomainError, invalid } from '../../../src/common/errors';

describe('what a delivery is comes from its first bytes', () => {
  test('gzip, zip (and an empty zip), or neither', () => {
    expect(detectCompression(zlib.gzipSync('a;b\n'))).toBe('gzip');
    expect(detectCompression(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('zip');
    expect(detectCompression(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe('zip');
    expect(detectCompression(Buffer.from('100,NEM12,2004'))).toBeNull();
    expect(detectCompression(Buffer.from('PK'))).toBeNull(); // a CSV may well start with "PK"
    expect(detectCompression(Buffer.alloc(0))).toBeNull();
  });
});

test('names: a .gz is read as the file it holds; a member is logged under the archive', () => {
  expect(gunzippedName('readings.csv.gz')).toBe('readings.csv');
  expect(gunzippedName('READINGS.CSV.GZ')).toBe('READINGS.CSV');
  expect(gunzippedName('.gz')).toBe('.gz');
  expect(gunzippedName('readings.csv')).toBe('readings.csv');
  expect(memberLogName('export.zip', 'nov/readings.csv')).toBe('export.zip/nov/readings.csv');
  expect(memberLogName('a.zip', 'x'.repeat(400))).toHaveLength(255);
});

test('folders and macOS metadata are not files of the delivery', () => {
  expect(isArchiveMetadata('nov/')).toBe(true);
  expect(isArchiveMetadata('__MACOSX/._readings.csv')).toBe(true);
  expect(isArchiveMetadata('nov/.DS_Store')).toBe(true);
  expect(isArchiveMetadata('nov/readings.csv')).toBe(false);
  expect(isArchiveMetadata('MACOSX.csv')).toBe(false);
});

test.each([
  ['nov/readings.csv', null],
  ['readings 2026-11.CSV', null],
  ['../escape.csv', 'its name climbs out of the archive ("..")'],
  ['nov/../../escape.csv', 'its name climbs out of the archive ("..")'],
  ['/etc/passwd', 'its name is an absolute or Windows path'],
  ['C:\\meters\\a.csv', 'its name is an absolute or Windows path'],
  ['nov\\a.csv', 'its name is an absolute or Windows path'],
  ['inner.zip', 'it is an archive inside the archive; deliver its files in the outer archive instead'],
  ['readings.csv.gz', 'it is an archive inside the archive; deliver its files in the outer archive instead'],
  ['mete\u200brs.csv', 'its name holds control or invisible characters'],
  ['line\nbreak.csv', 'its name holds control or invisible characters'],
])('member %j → %j', (name, problem) => {
  expect(memberProblem(name)).toBe(problem);
});

describe("the archive's own entry", () => {
  const member = (
    name: string,
    status: MemberOutcome['status'],
    total: number,
    inserted: number,
    failed: number,
  ) => ({
    name,
    status,
    totalRows: total,
    insertedRows: inserted,
    failedRows: failed,
  });

  test('all members stored: Completed, rows summed (96 + 1,152 = 1,248)', () => {
    expect(
      archiveOutcome(
        'x.zip',
        [member('x.zip/a.csv', 'Completed', 96, 96, 0), member('x.zip/b.csv', 'Completed', 1152, 1150, 0)],
        0,
      ),
    ).toEqual({ status: 'Completed', totalRows: 1248, insertedRows: 1246, failedRows: 0, error: null });
  });

  test('one member partial, one failed: Partial, both named', () => {
    const outcome = archiveOutcome(
      'x.zip',
      [
        member('x.zip/a.csv', 'Completed', 10, 10, 0),
        member('x.zip/b.csv', 'Partial', 10, 7, 3),
        member('x.zip/c.csv', 'Failed', 0, 0, 0),
      ],
      2,
    );
    expect(outcome).toEqual({
      status: 'Partial',
      totalRows: 20,
      insertedRows: 17,
      failedRows: 3,
      error:
        '2 of 3 files in "x.zip" were not fully stored — x.zip/b.csv (Partial), x.zip/c.csv (Failed); each has its own log entry. ' +
        '2 folder or macOS metadata entries were not read',
    });
  });

  test('every member failed: Failed; a skipped member (same content seen before) counts as done', () => {
    expect(archiveOutcome('x.zip', [member('x.zip/a', 'Failed', 3, 0, 3)], 0).status).toBe('Failed');
    expect(
      archiveOutcome(
        'x.zip',
        [member('x.zip/a', 'Skipped', 0, 0, 0), member('x.zip/b', 'Completed', 1, 1, 0)],
        0,
      ).status,
    ).toBe('Completed');
  });
});

describe('expansion guard (gzip has no directory: it is checked while it inflates)', () => {
  async function run(data: Buffer, limits = DEFAULT_ARCHIVE_LIMITS) {
    const gz = zlib.gzipSync(data);
    let read = 0;
    const source = Readable.from([gz]).on('data', (chunk: Buffer) => (read += chunk.length));
    const out: Buffer[] = [];
    await pipeline(
      source,
      zlib.createGunzip(),
      expansionGuard('r.csv.gz', limits, () => read),
      async (s) => {
        for await (const chunk of s) out.push(chunk as Buffer);
      },
    );
    return Buffer.concat(out);
  }

  test('an honest file passes unchanged', async () => {
    const text = Buffer.from('meter;time;value\n'.repeat(1000));
    expect((await run(text)).equals(text)).toBe(true);
  });

  test('beyond the total: refused, naming the limit', async () => {
    const error = await run(Buffer.alloc(10_000, 'a'), {
      ...DEFAULT_ARCHIVE_LIMITS,
      maxUncompressedBytes: 4096,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('too-large');
    expect((error as DomainError).message).toBe(
      '"r.csv.gz" expands to more than 4.0 KB, the most a compressed delivery may hold (plugin config channels.archives.maxUncompressedBytes)',
    );
  });

  test('a bomb of zeros: refused by its ratio once enough came out', async () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, ratioCheckMinBytes: 1024 * 1024, maxCompressionRatio: 100 };
    const error = await run(Buffer.alloc(8 * 1024 * 1024), limits).catch((e: unknown) => e);
    expect((error as DomainError).message).toMatch(
      /^"r\.csv\.gz" was refused as a possible zip bomb: it expands \d{3,} times; at most 100 times is accepted$/,
    );
  });
});

test("the zip reader's refusals, worded for an archive by their code", () => {
  const damaged = invalid('The file is not a readable .xlsx workbook: …', [], 'zip-damaged', {
    reason: 'too short',
  });
  expect(archiveRefusal('a.zip', damaged)).toBe('"a.zip" is not a readable zip archive: too short');
  const encrypted = invalid('The workbook is encrypted; …', [], 'zip-encrypted');
  expect(archiveRefusal('a.zip', encrypted)).toBe('"a.zip" is encrypted; deliver it without a password');
  const tooLarge = new DomainError('too-large', 'The workbook was refused: …', {
    code: 'zip-too-large',
    params: { uncompressedBytes: 3 * 1024 * 1024 * 1024, limit: 2 * 1024 * 1024 * 1024 },
  });
  expect(archiveRefusal('a.zip', tooLarge)).toBe(
    '"a.zip" expands to 3072.0 MB, more than the 2048.0 MB a compressed delivery may hold (plugin config channels.archives.maxUncompressedBytes)',
  );
  expect(archiveRefusal('a.zip', new Error('disk on fire'))).toBe('disk on fire');
  expect(archiveRefusal('a.zip', invalid('Other', [], 'validation'))).toBe('Other');
});

test('a zlib error reads as a damaged gzip file; other errors pass unchanged', () => {
  const zlibError = Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' });
  expect(gzipFailure('r.csv.gz', zlibError).message).toBe(
    '"r.csv.gz" is not a readable gzip file: unexpected end of file',
  );
  const other = new Error('EACCES');
  expect(gzipFailure('r.csv.gz', other)).toBe(other);
});
