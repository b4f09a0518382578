import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../src/common/errors';
import type { SpreadsheetRowOutcome, UsageSpreadsheet } from '../../../src/usage/spreadsheet-import';
import { openSpreadsheetReader } from '../../../server/services/usage/spreadsheet-reader';
import { importAll, NOW, tempFolder, writeBytes, writeWorkbook } from './support/files';

/**
 * An upload's spreadsheet read in a worker thread (server/services/usage/spreadsheet-reader.ts):
 * the same outcomes and report as reading it in process, errors that answer as before, and a
 * reader that runs out of memory or dies refused cleanly.
 */
const folder = tempFolder();
afterAll(() => folder.cleanup());

const worker = (name: string) => join(__dirname, 'support', 'workers', name);
const READER = { heapMb: 64, workerFile: worker('spreadsheet.cjs') };

async function readAll(sheet: UsageSpreadsheet) {
  const outcomes: SpreadsheetRowOutcome[] = [];
  for await (const outcome of sheet) outcomes.push(outcome);
  return outcomes;
}

/** 2,500 rows: three batches of the thread's 1,000, the last one short; every 7th row rejected. */
const csv = () =>
  writeBytes(
    folder.path('rows.csv'),
    `eGroup,eId,DeviceId,EventRef,IntCounter\n${Array.from({ length: 2500 }, (_, i) =>
      i % 7 === 0 ? `G,1,dev-${i % 13},ref-${i},not-a-number` : `G,1,dev-${i % 13},ref-${i},${i}`,
    ).join('\n')}\n`,
  );

test('a CSV over several batches: the same outcomes, in order, and the same report as read in process', async () => {
  const path = csv();
  const expected = await importAll(path);
  const sheet = await openSpreadsheetReader(path, { now: NOW }, READER);
  const outcomes = await readAll(sheet);
  expect(outcomes).toHaveLength(2500);
  expect(outcomes).toEqual(expected.outcomes);
  expect(sheet.report).toEqual(expected.report);
  expect(sheet.report).toMatchObject({
    finished: true,
    dataRows: 2500,
    rejectedRows: 358,
    acceptedRows: 2142,
  });
});

test('an .xlsx: the same outcomes and report as read in process', async () => {
  const path = await writeWorkbook(folder.path('book.xlsx'), (sheet) => {
    sheet.addRow(['eGroup', 'eId', 'DeviceId', 'Dtu', 'IntCounter']);
    sheet.addRow(['G', '1', 'a', new Date('2024-02-01T10:00:00Z'), 5]);
    sheet.addRow(['G', '1', 'b', 'not a date', 6]);
  });
  const expected = await importAll(path);
  const sheet = await openSpreadsheetReader(path, { now: NOW }, READER);
  expect(await readAll(sheet)).toEqual(expected.outcomes);
  expect(sheet.report).toEqual(expected.report);
});

test('a file refused at opening: the DomainError crosses with its kind, details and name', async () => {
  const path = csv();
  const error = await openSpreadsheetReader(path, { now: NOW, maxFileBytes: 100 }, READER).catch((e) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ kind: 'too-large', name: 'PayloadTooLargeError', details: { limit: 100 } });
  expect(error.message).toMatch(/at most 100 bytes can be imported/);
});

test('a file refused half-way (over the row limit): every row before it, then the error, then nothing', async () => {
  const sheet = await openSpreadsheetReader(csv(), { now: NOW, maxRows: 1500 }, READER);
  const seen: SpreadsheetRowOutcome[] = [];
  const error = await (async () => {
    for await (const outcome of sheet) seen.push(outcome);
  })().catch((e) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ kind: 'too-large', details: { limit: 1500 } });
  // A full batch of 1,000, then the 500 rows read before the limit was met.
  expect(seen.map((o) => o.row)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 2));
  expect(await sheet[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
});

/** The files this process holds open (Linux). */
const openFiles = () =>
  readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return ''; // closed between the listing and the look
    }
  });

test('closed before the end: the thread lets go of the file and the reader says done', async () => {
  // 100,000 rows (~3 MB): far more than the thread reads ahead, so the file is still open.
  const path = writeBytes(
    folder.path('long.csv'),
    `eGroup,eId,DeviceId,IntCounter\n${Array.from({ length: 100_000 }, (_, i) => `G,1,dev,${i}`).join('\n')}\n`,
  );
  const sheet = await openSpreadsheetReader(path, { now: NOW }, READER);
  try {
    const rows = sheet[Symbol.asyncIterator]();
    expect((await rows.next()).value).toMatchObject({ row: 2 });
    expect(openFiles()).toContain(path);
    await sheet.close();
    expect(openFiles()).not.toContain(path);
    expect(await rows.next()).toEqual({ done: true, value: undefined });
  } finally {
    await sheet.close();
  }
});

test('a reader that needs more than its heap: refused as too large, with the limit and its setting named', async () => {
  const error = await openSpreadsheetReader(
    csv(),
    { now: NOW },
    { heapMb: 16, workerFile: worker('hungry.cjs') },
  ).catch((e) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({
    kind: 'too-large',
    details: { limitMb: 16, code: 'usage-import.reader-out-of-memory', params: { limitMb: 16 } },
  });
  expect(error.message).toMatch(/more than the 16 MB .* usage\.import\.readerHeapMb/);
});

test('a reader that ends without a word mid-file: the upload is told, not left waiting', async () => {
  const sheet = await openSpreadsheetReader(
    csv(),
    { now: NOW },
    { heapMb: 16, workerFile: worker('vanishing.cjs') },
  );
  const rows = sheet[Symbol.asyncIterator]();
  expect(await rows.next()).toEqual({ done: false, value: { row: 2, error: 'x' } });
  await expect(rows.next()).rejects.toThrow(/reader stopped unexpectedly \(exit code 3\)/);
});
