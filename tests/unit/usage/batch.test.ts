import { DomainError } from '../../../src/common/errors';
import { DEFAULT_BATCH_LIMIT, parseUsageBatch } from '../../../src/usage/batch';

const NOW = new Date('2024-03-01T08:00:00.000Z');
const item = (n: number, extra: Record<string, unknown> = {}) => ({
  eGroup: 'WM-ACME5',
  eId: 'Type-1',
  deviceId: 'meter-7',
  ref: `tick-${n}`,
  intcounter: String(n),
  ...extra,
});

function refusal(body: unknown, maxRecords?: number): DomainError {
  try {
    parseUsageBatch(body, { now: NOW, maxRecords });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('usage-record batches', () => {
  it('judges each record on its own and keeps its index', () => {
    const batch = parseUsageBatch(
      { data: [item(1), item(2, { intcounter: '1.5' }), item(3, { eGroup: '3X' }), item(4)] },
      { now: NOW, srcIp: '192.0.2.1' },
    );
    expect(batch).toMatchObject({ valid: 2, repeats: 0, rejected: 2 });
    expect(batch.items.map((i) => [i.index, i.status])).toEqual([
      [0, 'valid'],
      [1, 'rejected'],
      [2, 'rejected'],
      [3, 'valid'],
    ]);
    const second = batch.items[1];
    expect(second.status === 'rejected' && second.message).toBe(
      'intcounter must be a whole number written with digits only (got "1.5")',
    );
    expect(second.status === 'rejected' && second.errors).toEqual([
      expect.objectContaining({ path: ['intCounter'] }),
    ]);
    const first = batch.items[0];
    expect(first.status === 'valid' && first.record).toMatchObject({
      eventRef: 'tick-1',
      intCounter: '1',
      srcIp: '192.0.2.1',
    });
  });

  it('marks a repeated reference as a repeat of the first (only the first is used)', () => {
    const batch = parseUsageBatch(
      { data: [item(1), item(2), item(1, { intcounter: '99' }), item(1)] },
      { now: NOW },
    );
    expect(batch).toMatchObject({ valid: 2, repeats: 2, rejected: 0 });
    expect(batch.items[2]).toMatchObject({ status: 'repeat', repeatOf: 0 });
    expect(batch.items[3]).toMatchObject({ status: 'repeat', repeatOf: 0 });
  });

  it('never treats records without a reference as repeats', () => {
    const noRef = { eGroup: 'G', eId: 'e', deviceId: 'd', intcounter: '1' };
    expect(parseUsageBatch({ data: [noRef, noRef, noRef] }, { now: NOW })).toMatchObject({
      valid: 3,
      repeats: 0,
    });
  });

  it('accepts exactly the limit and refuses one more with one error saying the limit', () => {
    const full = Array.from({ length: DEFAULT_BATCH_LIMIT }, (_, n) => item(n));
    expect(parseUsageBatch({ data: full }, { now: NOW }).valid).toBe(1000);
    const error = refusal({ data: [...full, item(1000)] });
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(
      'A batch holds at most 1000 records; this one has 1001. Send them in batches of 1000 or fewer.',
    );
    expect(error.details).toEqual({ limit: 1000, received: 1001 });
  });

  it('takes a configured limit', () => {
    expect(refusal({ data: [item(1), item(2), item(3)] }, 2).message).toMatch(
      /at most 2 records; this one has 3/,
    );
    expect(() => parseUsageBatch({ data: [] }, { now: NOW, maxRecords: 0 })).toThrow(
      /maxRecords must be a positive whole number/,
    );
  });

  it('refuses bodies that are not a batch, clearly', () => {
    expect(refusal([item(1)]).message).toMatch(/^The request body must be a JSON object: send \{"data": \[/);
    expect(refusal('data').message).toMatch(/^The request body must be a JSON object/);
    expect(refusal(null).message).toMatch(/^The request body must be a JSON object/);
    expect(refusal({}).message).toMatch(/^data is required/);
    expect(refusal({ data: item(1) }).message).toMatch(/^data must be an array of usage records/);
    expect(refusal({ data: 'x' }).message).toMatch(/^data must be an array/);
    expect(refusal({ data: [], meta: {} }).message).toMatch(/^Unknown field "meta" in the batch/);
  });

  it('rejects items that are not objects, without failing the batch', () => {
    const batch = parseUsageBatch({ data: [item(1), null, 'x', [item(2)]] }, { now: NOW });
    expect(batch).toMatchObject({ valid: 1, rejected: 3 });
  });

  it('an empty batch is simply empty', () => {
    expect(parseUsageBatch({ data: [] }, { now: NOW })).toEqual({
      items: [],
      valid: 0,
      repeats: 0,
      rejected: 0,
    });
  });
});
