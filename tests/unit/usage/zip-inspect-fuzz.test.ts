import { open } from 'node:fs/promises';
import fc from 'fast-check';
import { DomainError } from '../../../src/common/errors';
import { checkZipBombLimits, readZipDirectory, verifyZipEntries } from '../../../src/usage/zip-inspect';
import { tempFolder, workbookBytes, writeBytes } from './support/files';

/**
 * Byte-mutation fuzzing of zip-inspect: a valid workbook with some of its bytes
 * overwritten must be read to the end (directory, bomb limits, every entry inflated
 * under its cap) or refused with a DomainError (a 4xx for the uploader). Any other
 * throw — a RangeError from a bad offset, a zlib error escaping, a TypeError — would be
 * a 500. Bounded: a fixed number of runs with a fixed seed, so a failure reproduces.
 * "Finishes quickly" is not asserted as a time; a hang would exceed Jest's timeout.
 */
const folder = tempFolder();
afterAll(() => folder.cleanup());

async function inspect(path: string): Promise<'read' | 'refused'> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const directory = await readZipDirectory(handle, size);
    checkZipBombLimits(directory);
    await verifyZipEntries(path, handle, directory, () => () => undefined);
    return 'read';
  } catch (error) {
    if (error instanceof DomainError) return 'refused';
    throw error;
  } finally {
    await handle.close();
  }
}

describe('zip-inspect under byte mutations', () => {
  let valid: Buffer;
  beforeAll(async () => {
    valid = await workbookBytes((sheet) => {
      sheet.addRow(['eGroup', 'eId', 'deviceId', 'Dtu', 'intCounter']);
      for (let i = 0; i < 20; i++) sheet.addRow(['water', `tap-${i}`, `dev-${i % 3}`, 45382 + i, i * 7]);
    });
  });

  it('reads the unmutated workbook', async () => {
    expect(await inspect(writeBytes(folder.path('valid.xlsx'), valid))).toBe('read');
  });

  it('reads or refuses a workbook with bytes overwritten, never throws anything else', async () => {
    const outcomes = { read: 0, refused: 0 };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        // Some runs aim at the central directory and end record, where the offsets live.
        fc.boolean(),
        async (mutations, nearEnd) => {
          const bytes = Buffer.from(valid);
          for (const { at, byte } of mutations) {
            const span = nearEnd ? Math.min(bytes.length, 600) : bytes.length;
            bytes[bytes.length - span + (at % span)] = byte;
          }
          outcomes[await inspect(writeBytes(folder.path(`mutant-${run++ % 4}.xlsx`), bytes))]++;
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
    // Both answers occur: the mutations reach the parts that are checked.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.read + outcomes.refused).toBe(300);
  });

  it('reads or refuses a workbook cut short or padded, never throws anything else', async () => {
    for (let cut = 1; cut < valid.length; cut += Math.max(1, Math.floor(valid.length / 97))) {
      const outcome = await inspect(writeBytes(folder.path('cut.xlsx'), valid.subarray(0, cut)));
      expect(outcome).toBe('refused');
    }
    const padded = Buffer.concat([valid, Buffer.alloc(100, 0x50)]);
    expect(['read', 'refused']).toContain(await inspect(writeBytes(folder.path('padded.xlsx'), padded)));
  });
});
