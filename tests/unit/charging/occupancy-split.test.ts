import {
  formatDay,
  parseCalendarDate,
  responsibilityRuns,
  type ParsedOccupancy,
} from '../../../src/charging';

const day = (text: string) => parseCalendarDate(text)!;
const occupancy = (
  partyId: string,
  entry: string,
  exit: string | null,
  id: string | null = null,
): ParsedOccupancy => ({
  id,
  partyId,
  entryDay: day(entry),
  exitDay: exit === null ? null : day(exit),
});
const show = (result: ReturnType<typeof responsibilityRuns>) =>
  result.ok
    ? result.runs.map((r) => `${formatDay(r.fromDay)}..${formatDay(r.toDay)} ${r.partyId} ${r.role}`)
    : result;

describe('who answers for each day', () => {
  const june = [day('2024-06-01'), day('2024-06-30')] as const;

  it('gives the days of a move to the leaving and the arriving occupant (exit date included)', () => {
    const result = responsibilityRuns(
      [occupancy('B', '2024-06-16', null), occupancy('A', '2023-01-01', '2024-06-15')],
      'owner',
      ...june,
    );
    expect(show(result)).toEqual(['2024-06-01..2024-06-15 A occupant', '2024-06-16..2024-06-30 B occupant']);
  });

  it('gives vacant days to the owner', () => {
    const result = responsibilityRuns(
      [occupancy('A', '2023-01-01', '2024-06-10'), occupancy('B', '2024-06-21', '2024-06-25')],
      'owner',
      ...june,
    );
    expect(show(result)).toEqual([
      '2024-06-01..2024-06-10 A occupant',
      '2024-06-11..2024-06-20 owner owner',
      '2024-06-21..2024-06-25 B occupant',
      '2024-06-26..2024-06-30 owner owner',
    ]);
  });

  it('gives a billing point without occupants to the owner for the whole period', () => {
    expect(show(responsibilityRuns([], 'owner', ...june))).toEqual(['2024-06-01..2024-06-30 owner owner']);
  });

  it('ignores occupancies outside the period and joins a renewed lease into one run', () => {
    const result = responsibilityRuns(
      [
        occupancy('A', '2020-01-01', '2020-12-31'),
        occupancy('C', '2024-01-01', '2024-06-09'),
        occupancy('C', '2024-06-10', null),
      ],
      'owner',
      ...june,
    );
    expect(show(result)).toEqual(['2024-06-01..2024-06-30 C occupant']);
  });

  it('refuses overlapping occupancies, even one sharing a single day', () => {
    const result = responsibilityRuns(
      [occupancy('A', '2023-01-01', '2024-06-15', 'o1'), occupancy('B', '2024-06-15', null, 'o2')],
      'owner',
      ...june,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.overlaps.map(([a, b]) => [a.id, b.id])).toEqual([['o1', 'o2']]);
  });

  it('refuses an occupancy inside an open-ended one', () => {
    const result = responsibilityRuns(
      [occupancy('A', '2023-01-01', null), occupancy('B', '2024-06-15', '2024-06-20')],
      'owner',
      ...june,
    );
    expect(result.ok).toBe(false);
  });

  it('finds an overlap hidden behind a shorter occupancy', () => {
    // A covers all of 2024; B (short) and C (later) both fall inside it.
    const result = responsibilityRuns(
      [
        occupancy('A', '2024-01-01', '2024-12-31', 'a'),
        occupancy('B', '2024-02-01', '2024-02-05', 'b'),
        occupancy('C', '2024-06-01', null, 'c'),
      ],
      'owner',
      ...june,
    );
    expect(!result.ok && result.overlaps.map(([x, y]) => `${x.id}-${y.id}`)).toEqual(['a-b', 'a-c']);
  });
});
