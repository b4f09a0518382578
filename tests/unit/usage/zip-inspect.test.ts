import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { DomainError } from '../../../src/common/errors';
import { openUsageSpreadsheet } from '../../../src/usage/spreadsheet-import';
import {
  checkZipBombLimits,
  DEFAULT_ZIP_LIMITS,
  readZipDirectory,
  type ZipDirectory,
} from '../../../src/usage/zip-inspect';
import { NOW, importAll, tempFolder, writeBytes, writeWorkbook } from './support/files';
import { buildZip, crc32, deflatedZeros } from './support/zip-writer';

const folder = tempFolder();
afterAll(() => folder.cleanup());

/** The parts a streaming reader needs to call a zip a workbook, as tiny honest entries. */
const WORKBOOK_PARTS = [
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
];

async function refusal(path: string): Promise<DomainError> {
  const error = await openUsageSpreadsheet(path, { now: NOW }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('zip bombs', () => {
  it('refuses a 1 GiB entry of zeros from the central directory alone, without inflating it', async () => {
    const zeros = deflatedZeros(1024);
    const bomb = buildZip([
      ...WORKBOOK_PARTS,
      {
        name: 'xl/worksheets/sheet1.xml',
        compressed: zeros.compressed,
        uncompressedSize: zeros.size,
        crc32: zeros.crc32,
      },
    ]);
    // The whole bomb is about 1 MB on disk: 1024 copies of one ~1 KB block.
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    const error = await refusal(writeBytes(folder.path('bomb.xlsx'), bomb));
    expect(error.kind).toBe('too-large');
    // The message quotes the *declared* ratio: it came from the directory, before any inflation
    // (inflating would have stopped at the 200 MB limit with a different message).
    expect(error.message).toMatch(
      /^The workbook was refused as a possible zip bomb: its part "xl\/worksheets\/sheet1.xml" expands \d{3,} times \(1\.0 MB → 1024\.0 MB\); at most 100 times is accepted$/,
    );
  });

  it('refuses a total above the uncompressed limit even when each ratio is modest', () => {
    const entry = (name: string) => ({
      name,
      flags: 0,
      method: 8,
      crc32: 0,
      compressedSize: 2_000_000,
      uncompressedSize: 80_000_000,
      localHeaderOffset: 0,
    });
    const directory: ZipDirectory = {
      entries: [entry('a'), entry('b'), entry('c')],
      centralDirectoryOffset: 0,
    };
    expect(() => checkZipBombLimits(directory)).toThrow(
      'The workbook was refused: it expands to 228.9 MB, more than the 200.0 MB accepted',
    );
    expect(() => checkZipBombLimits({ ...directory, entries: directory.entries.slice(0, 2) })).not.toThrow();
  });

  it('lets small parts compress as well as they like, and counts parts', () => {
    const tiny = {
      name: 'xl/styles.xml',
      flags: 0,
      method: 8,
      crc32: 0,
      compressedSize: 10,
      uncompressedSize: 500_000,
      localHeaderOffset: 0,
    };
    expect(() => checkZipBombLimits({ entries: [tiny], centralDirectoryOffset: 0 })).not.toThrow();
    const many = Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, () => ({
      ...tiny,
      uncompressedSize: 1,
    }));
    expect(() => checkZipBombLimits({ entries: many, centralDirectoryOffset: 0 })).toThrow(
      /has 10001 parts; at most 10000/,
    );
  });

  it('stops inflating a part that lies about its size, at the size it declared', async () => {
    const zeros = deflatedZeros(64); // 64 MiB of zeros in ~65 KB, declared as 1 MiB: ratio 16, looks honest
    const liar = buildZip([
      ...WORKBOOK_PARTS,
      {
        name: 'xl/sharedStrings.xml',
        compressed: zeros.compressed,
        declaredUncompressedSize: 1024 * 1024,
        crc32: zeros.crc32,
      },
    ]);
    const error = await refusal(writeBytes(folder.path('liar.xlsx'), liar));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(
      'The workbook was refused as a possible zip bomb: its part "xl/sharedStrings.xml" expands beyond the 1048576 bytes it declares',
    );
  });

  it('refuses overlapping entries (the non-recursive zip bomb) and bytes hidden between entries', async () => {
    const parts = [
      ...WORKBOOK_PARTS,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
    ];
    const overlapping = buildZip(parts, { offsetOverride: (index, offset) => (index === 2 ? 0 : offset) });
    // Two directory entries share the bytes at offset 0 — a reader trusting the directory would inflate them twice.
    expect((await refusal(writeBytes(folder.path('overlap.xlsx'), overlapping))).message).toBe(
      'The file is not a readable .xlsx workbook: its zip structure is damaged (entry "xl/worksheets/sheet1.xml" overlaps the previous one)',
    );
    const honest = buildZip(parts);
    const gap = buildZip(parts, { offsetOverride: (index, offset) => (index === 1 ? offset + 1 : offset) });
    expect(gap.length).toBe(honest.length);
    expect((await refusal(writeBytes(folder.path('gap.xlsx'), gap))).message).toBe(
      'The file is not a readable .xlsx workbook: its zip structure is damaged (unexplained bytes before entry "xl/workbook.xml")',
    );
  });
});

describe('zip structure', () => {
  it('reads the directory of a real exceljs workbook and passes the full verification', async () => {
    const path = await writeWorkbook(folder.path('honest.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'eGroup', 'eId']);
      sheet.addRow(['d', 'G', 'e']);
    });
    const file = await open(path, 'r');
    try {
      const directory = await readZipDirectory(file, (await file.stat()).size);
      expect(directory.entries.map((e) => e.name)).toEqual(
        expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
      );
      expect(directory.entries.every((e) => e.method === 0 || e.method === 8)).toBe(true);
    } finally {
      await file.close();
    }
    expect((await importAll(path)).outcomes).toHaveLength(1);
  });

  it('refuses a part whose checksum does not match', async () => {
    const data = Buffer.from('<workbook/>');
    const zip = buildZip([{ name: 'xl/workbook.xml', data, crc32: crc32(data) ^ 1 }]);
    expect((await refusal(writeBytes(folder.path('crc.xlsx'), zip))).message).toBe(
      'The file is not a readable .xlsx workbook: its zip structure is damaged (entry "xl/workbook.xml" fails its checksum)',
    );
  });

  it('refuses a deflate stream that ends before its declared length (room for a hidden entry)', async () => {
    const data = Buffer.from('<workbook/>');
    const padded = Buffer.concat([zlib.deflateRawSync(data), Buffer.from('PK\x03\x04hidden')]);
    const zip = buildZip([{ name: 'xl/workbook.xml', data, compressed: padded }]);
    expect((await refusal(writeBytes(folder.path('short-deflate.xlsx'), zip))).message).toBe(
      'The file is not a readable .xlsx workbook: its zip structure is damaged (entry "xl/workbook.xml" ends before its declared length)',
    );
  });

  it('refuses a truncated workbook', async () => {
    const path = await writeWorkbook(folder.path('whole.xlsx'), (sheet) =>
      sheet.addRow(['DeviceId', 'eGroup', 'eId']),
    );
    const bytes = readFileSync(path);
    const error = await refusal(
      writeBytes(folder.path('truncated.xlsx'), bytes.subarray(0, bytes.length - 100)),
    );
    expect(error.message).toBe(
      'The file is not a readable .xlsx workbook: its zip structure is damaged (no end-of-directory record)',
    );
  });

  it('refuses an encrypted part', async () => {
    const zip = buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]);
    zip.writeUInt16LE(0x0801, 6); // local header flags: encrypted
    const directoryAt = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(0x0801, directoryAt + 8);
    expect((await refusal(writeBytes(folder.path('encrypted.xlsx'), zip))).message).toBe(
      'The workbook is encrypted; remove its password in Excel and upload it again',
    );
  });

  it.each([
    [
      'a zip without a workbook',
      [{ name: 'readme.txt', data: Buffer.from('hi') }],
      /^The file is a zip archive without an Excel workbook in it \(no xl\/workbook.xml\)/,
    ],
    [
      'a Word document',
      [{ name: 'word/document.xml', data: Buffer.from('<w/>') }],
      /^The file is a Word document, not a spreadsheet/,
    ],
    [
      'an .xlsb workbook',
      [{ name: 'xl/workbook.bin', data: Buffer.from('x') }],
      /^The file is a binary Excel workbook \(\.xlsb\)/,
    ],
    [
      'an OpenDocument spreadsheet',
      [
        {
          name: 'mimetype',
          data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'),
          method: 0 as const,
        },
        { name: 'content.xml', data: Buffer.from('<x/>') },
      ],
      /^The file is an OpenDocument file \(\.ods\)/,
    ],
  ])('refuses %s, saying what it is', async (_what, entries, message) => {
    expect((await refusal(writeBytes(folder.path('other.zip'), buildZip(entries)))).message).toMatch(message);
  });

  it('refuses a zip that passes the checks but holds no worksheet', async () => {
    const path = writeBytes(folder.path('no-sheet.xlsx'), buildZip(WORKBOOK_PARTS));
    expect((await refusal(path)).message).toBe('The workbook has no worksheet to read');
  });
});
