import fc from 'fast-check';
import { remoteFileKey, remoteFileStatus, INGESTION_STATUSES } from '../../../src/channels/file-identity';

const file = { path: 'in/readings.csv', size: 120, modifiedAt: new Date('2024-03-01T06:00:00Z') };

describe('remoteFileKey', () => {
  test('is stable and hex SHA-256', () => {
    expect(remoteFileKey('chan1', file)).toBe(
      remoteFileKey('chan1', { ...file, modifiedAt: new Date(file.modifiedAt) }),
    );
    expect(remoteFileKey('chan1', file)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('differs when channel, path, size or modification time differ', () => {
    const keys = new Set([
      remoteFileKey('chan1', file),
      remoteFileKey('chan2', file),
      remoteFileKey('chan1', { ...file, path: 'in/readings2.csv' }),
      remoteFileKey('chan1', { ...file, size: 121 }),
      remoteFileKey('chan1', { ...file, modifiedAt: new Date('2024-03-01T06:00:01Z') }),
    ]);
    expect(keys.size).toBe(5);
  });

  test('parts never run into each other (no ambiguous concatenation)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (c1, p1, c2, p2) => {
        fc.pre(c1 !== c2 || p1 !== p2);
        const a = remoteFileKey(c1, { ...file, path: p1 });
        const b = remoteFileKey(c2, { ...file, path: p2 });
        return a !== b;
      }),
    );
  });

  test('refuses an invalid date or size', () => {
    expect(() => remoteFileKey('c', { ...file, modifiedAt: new Date('nope') })).toThrow(RangeError);
    expect(() => remoteFileKey('c', { ...file, size: -1 })).toThrow(RangeError);
    expect(() => remoteFileKey('c', { ...file, size: 1.5 })).toThrow(RangeError);
  });
});

test('remoteFileStatus: "new" without a log, else the log status in lower case', () => {
  expect(remoteFileStatus(undefined)).toBe('new');
  expect(remoteFileStatus(null)).toBe('new');
  expect(INGESTION_STATUSES.map(remoteFileStatus)).toEqual([
    'pending',
    'processing',
    'completed',
    'failed',
    'partial',
    'skipped',
  ]);
});
