import { DomainError } from '../../../src/common/errors';
import {
  assertNoOccupancyOverlap,
  parseOccupancyCreate,
  parseOccupancyUpdate,
  type StoredOccupancy,
} from '../../../src/billing/occupancy';
import { coverage, parseCoverageQuery } from '../../../src/billing/coverage';
import { planMove, parseMove } from '../../../src/billing/move';

const occ = (
  id: string,
  entryDate: string,
  exitDate: string | null,
  partyId = `p-${id}`,
): StoredOccupancy => ({
  id,
  partyId,
  partyName: `Party ${id}`,
  entryDate,
  exitDate,
});

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('occupancy input', () => {
  test('dates are real yyyy-MM-dd calendar dates; exit may be open', () => {
    expect(parseOccupancyCreate({ party: 'abc', entryDate: '2024-02-29' })).toEqual({
      party: 'abc',
      entryDate: '2024-02-29',
      exitDate: null,
      note: null,
    });
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '01.02.2024',
      '2024-1-1',
      20240101,
      '2024-06-01T00:00:00Z',
      '',
    ]) {
      const error = thrown(() => parseOccupancyCreate({ party: 'abc', entryDate: bad }));
      expect(error.kind).toBe('invalid');
      expect((error.details.errors as { path: string[] }[])[0].path).toEqual(['entryDate']);
    }
  });

  test('exit before entry is a 400 on exitDate; exit = entry (one day) is fine', () => {
    const error = thrown(() =>
      parseOccupancyCreate({ party: 'abc', entryDate: '2024-06-10', exitDate: '2024-06-09' }),
    );
    expect(error.kind).toBe('invalid');
    expect((error.details.errors as { path: string[] }[])[0].path).toEqual(['exitDate']);
    expect(
      parseOccupancyCreate({ party: 'abc', entryDate: '2024-06-10', exitDate: '2024-06-10' }).exitDate,
    ).toBe('2024-06-10');
  });

  test('unknown fields, missing party and hostile values are refused', () => {
    expect(
      thrown(() => parseOccupancyCreate({ party: 'abc', entryDate: '2024-01-01', rent: 5 })).message,
    ).toContain('rent');
    expect(thrown(() => parseOccupancyCreate({ entryDate: '2024-01-01' })).kind).toBe('invalid');
    expect(thrown(() => parseOccupancyCreate({ party: { $ne: null }, entryDate: '2024-01-01' })).kind).toBe(
      'invalid',
    );
    expect(thrown(() => parseOccupancyCreate({ party: '../../etc', entryDate: '2024-01-01' })).kind).toBe(
      'invalid',
    );
    expect(thrown(() => parseOccupancyCreate([])).kind).toBe('invalid');
    expect(thrown(() => parseOccupancyCreate(null)).kind).toBe('invalid');
  });

  test('an update is merged onto the stored occupancy and checked whole', () => {
    const stored = { party: 'p', entryDate: '2024-01-01', exitDate: null, note: null };
    expect(parseOccupancyUpdate({ exitDate: '2024-06-30' }, stored)).toMatchObject({
      entryDate: '2024-01-01',
      exitDate: '2024-06-30',
    });
    expect(
      parseOccupancyUpdate({ exitDate: null }, { ...stored, exitDate: '2024-06-30' }).exitDate,
    ).toBeNull();
    expect(
      thrown(() => parseOccupancyUpdate({ entryDate: '2024-07-01' }, { ...stored, exitDate: '2024-06-30' }))
        .kind,
    ).toBe('invalid');
  });
});

describe('no overlap per billing point', () => {
  const existing = [occ('a', '2024-01-01', '2024-06-30'), occ('b', '2024-08-01', null)];

  test('the day after an exit date is free; the exit date itself is not', () => {
    expect(() =>
      assertNoOccupancyOverlap(existing, { entryDate: '2024-07-01', exitDate: '2024-07-31' }),
    ).not.toThrow();
    const error = thrown(() =>
      assertNoOccupancyOverlap(existing, { entryDate: '2024-06-30', exitDate: '2024-07-10' }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('Party a (2024-01-01 – 2024-06-30)');
    expect(error.message).toContain('can enter on 2024-07-01 at the earliest');
    expect(error.details.conflicting).toEqual({
      documentId: 'a',
      party: { documentId: 'p-a', displayName: 'Party a' },
      entryDate: '2024-01-01',
      exitDate: '2024-06-30',
    });
  });

  test('an open-ended occupancy blocks every later day; an open candidate reaches every later occupancy', () => {
    expect(
      thrown(() => assertNoOccupancyOverlap(existing, { entryDate: '2030-01-01', exitDate: null })).details
        .conflicting,
    ).toMatchObject({ documentId: 'b' });
    expect(
      thrown(() => assertNoOccupancyOverlap(existing, { entryDate: '2024-07-01', exitDate: null })).details
        .conflicting,
    ).toMatchObject({ documentId: 'b' });
    expect(
      thrown(() => assertNoOccupancyOverlap(existing, { entryDate: '2023-01-01', exitDate: '2024-01-01' }))
        .details.conflicting,
    ).toMatchObject({ documentId: 'a' });
  });

  test('an occupancy being edited does not conflict with itself', () => {
    expect(() =>
      assertNoOccupancyOverlap(existing, { entryDate: '2024-02-01', exitDate: '2024-07-31' }, 'a'),
    ).not.toThrow();
  });
});

describe('coverage', () => {
  test('vacancy at both ends is billed to the owner; occupied days to the occupant', () => {
    const periods = coverage([occ('a', '2024-03-01', '2024-06-30')], 'owner', '2024-01-01', '2024-12-31');
    expect(periods).toEqual([
      {
        from: '2024-01-01',
        to: '2024-02-29',
        days: 60,
        status: 'vacant',
        billedTo: 'owner',
        partyId: 'owner',
        occupancyId: null,
      },
      {
        from: '2024-03-01',
        to: '2024-06-30',
        days: 122,
        status: 'occupied',
        billedTo: 'occupant',
        partyId: 'p-a',
        occupancyId: 'a',
      },
      {
        from: '2024-07-01',
        to: '2024-12-31',
        days: 184,
        status: 'vacant',
        billedTo: 'owner',
        partyId: 'owner',
        occupancyId: null,
      },
    ]);
    expect(periods.reduce((n, p) => n + p.days, 0)).toBe(366);
  });

  test('back-to-back occupants leave no vacancy; an open occupancy runs to the end; no owner → vacant with party null', () => {
    const periods = coverage(
      [occ('a', '2024-01-01', '2024-06-30'), occ('b', '2024-07-01', null)],
      null,
      '2024-06-01',
      '2024-07-31',
    );
    expect(periods.map((p) => [p.from, p.to, p.status, p.partyId])).toEqual([
      ['2024-06-01', '2024-06-30', 'occupied', 'p-a'],
      ['2024-07-01', '2024-07-31', 'occupied', 'p-b'],
    ]);
    expect(coverage([], null, '2024-01-01', '2024-01-31')).toEqual([
      {
        from: '2024-01-01',
        to: '2024-01-31',
        days: 31,
        status: 'vacant',
        billedTo: 'owner',
        partyId: null,
        occupancyId: null,
      },
    ]);
  });

  test('query: both dates required, to ≥ from, at most five years', () => {
    expect(parseCoverageQuery({ from: '2024-01-01', to: '2024-12-31' })).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
    });
    expect(thrown(() => parseCoverageQuery({ from: '2024-01-01' })).kind).toBe('invalid');
    expect(thrown(() => parseCoverageQuery({ from: '2024-02-01', to: '2024-01-31' })).message).toContain(
      'to must not be before from',
    );
    expect(thrown(() => parseCoverageQuery({ from: '2000-01-01', to: '2024-01-31' })).message).toContain(
      'at most',
    );
    expect(
      thrown(() => parseCoverageQuery({ from: ['2024-01-01', '2024-02-01'], to: '2024-12-31' })).kind,
    ).toBe('invalid');
  });
});

describe('moves', () => {
  const history = [occ('old', '2020-01-01', '2023-12-31'), occ('cur', '2024-01-01', null)];

  test('exit + next occupant the day after (the default): contiguous, no vacancy', () => {
    const move = parseMove({ exitDate: '2024-06-30', newOccupant: { party: 'p-new' } });
    expect(move.newOccupant).toEqual({ party: 'p-new', entryDate: '2024-07-01', exitDate: null, note: null });
    const plan = planMove(history, move);
    expect(plan.end).toEqual({ occupancy: history[1], exitDate: '2024-06-30' });
    expect(plan.start).toEqual({ entryDate: '2024-07-01', exitDate: null });
  });

  test('same-day move-out and move-in: entry on the exit date is refused (the exit date is the last day occupied)', () => {
    const error = thrown(() =>
      planMove(
        history,
        parseMove({ exitDate: '2024-06-30', newOccupant: { party: 'p-new', entryDate: '2024-06-30' } }),
      ),
    );
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('2024-07-01 at the earliest');
  });

  test('a later entry leaves a vacancy; the exit alone is a move without a next occupant', () => {
    expect(
      planMove(
        history,
        parseMove({ exitDate: '2024-06-30', newOccupant: { party: 'x', entryDate: '2024-09-01' } }),
      ).start?.entryDate,
    ).toBe('2024-09-01');
    expect(planMove(history, parseMove({ exitDate: '2024-06-30' })).start).toBeNull();
  });

  test('a new party can come with the move, validated under newOccupant.party', () => {
    const move = parseMove({
      exitDate: '2024-06-30',
      newOccupant: { party: { kind: 'natural', firstName: 'Anna', lastName: 'Meier' } },
    });
    expect(move.newOccupant?.party).toMatchObject({ kind: 'natural', lastName: 'Meier' });
    const error = thrown(() =>
      parseMove({ exitDate: '2024-06-30', newOccupant: { party: { kind: 'natural', firstName: 'Anna' } } }),
    );
    expect((error.details.errors as { path: string[] }[])[0].path).toEqual([
      'newOccupant',
      'party',
      'lastName',
    ]);
    const unknown = thrown(() =>
      parseMove({
        exitDate: '2024-06-30',
        newOccupant: { party: { kind: 'legal', companyName: 'X', vat: 1 } },
      }),
    );
    expect((unknown.details.errors as { path: string[] }[])[0].path).toEqual(['newOccupant', 'party', 'vat']);
    expect(thrown(() => parseMove({ exitDate: '2024-06-30', newOccupant: {} })).message).toContain('party');
    expect(thrown(() => parseMove({ exitDate: '2024-06-30', newOccupant: { party: 5 } })).message).toContain(
      'documentId',
    );
  });

  test('conflicts: nobody to move out, exit before entry, already moved out, stale occupancy', () => {
    expect(thrown(() => planMove([], parseMove({ exitDate: '2024-06-30' }))).message).toContain(
      'Nobody occupies',
    );
    expect(thrown(() => planMove(history, parseMove({ exitDate: '2023-12-31' }))).message).toContain(
      'entered on 2024-01-01',
    );
    const closed = [occ('cur', '2024-01-01', '2024-05-31')];
    expect(thrown(() => planMove(closed, parseMove({ exitDate: '2024-06-30' }))).message).toContain(
      'already moved out on 2024-05-31',
    );
    expect(thrown(() => planMove(closed, parseMove({ exitDate: '2024-05-31' }))).message).toContain(
      'already registered',
    );
    expect(
      thrown(() => planMove(history, parseMove({ exitDate: '2024-06-30', occupancy: 'old' }))).message,
    ).toContain('no longer the current one');
  });

  test('a booked move-out can be brought forward or completed with the next occupant', () => {
    const booked = [occ('cur', '2024-01-01', '2024-12-31')];
    expect(planMove(booked, parseMove({ exitDate: '2024-09-30' })).end.exitDate).toBe('2024-09-30');
    expect(
      planMove(booked, parseMove({ exitDate: '2024-12-31', newOccupant: { party: 'n' } })).start?.entryDate,
    ).toBe('2025-01-01');
  });

  test("the new occupant's own exit date must not be before their entry date", () => {
    const error = thrown(() =>
      parseMove({
        exitDate: '2024-06-30',
        newOccupant: { party: 'n', entryDate: '2024-07-01', exitDate: '2024-06-01' },
      }),
    );
    expect((error.details.errors as { path: string[] }[])[0].path).toEqual(['newOccupant', 'exitDate']);
  });

  test('the sequential replay of a concurrent duplicate move is a conflict, never a second move', () => {
    const request = { exitDate: '2024-06-30', occupancy: 'cur', newOccupant: { party: 'first' } };
    const plan = planMove(history, parseMove(request));
    const after = [
      history[0],
      { ...history[1], exitDate: plan.end.exitDate },
      occ('new', plan.start!.entryDate, null, 'first'),
    ];
    expect(
      thrown(() => planMove(after, parseMove({ ...request, newOccupant: { party: 'second' } }))).kind,
    ).toBe('conflict');
    expect(
      thrown(() => planMove(after, parseMove({ exitDate: '2024-06-30', newOccupant: { party: 'second' } })))
        .kind,
    ).toBe('conflict');
  });
});
