import { DomainError } from '../../../src/common/errors';
import { parseConsumptionRange } from '../../../src/ingestion/consumption-range';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2024-06-15T10:00:00Z'); // 12:00 in Zurich
const Z = 'Europe/Zurich';

function problems(query: Record<string, unknown>) {
  try {
    parseConsumptionRange(query, Z, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return ((error as DomainError).details.errors as { path: string[]; message: string }[]).map((e) => [
      e.path.join('.'),
      e.message,
    ]);
  }
  throw new Error('expected a 400');
}

describe('consumption range', () => {
  test('defaults: the last 31 days including today, or the last 12 months including this one, in the zone', () => {
    expect(parseConsumptionRange({}, Z, NOW)).toEqual({
      period: 'day',
      from: at('2024-05-15T22:00:00Z'),
      to: at('2024-06-15T22:00:00Z'),
    });
    expect(parseConsumptionRange({ period: 'month' }, Z, NOW)).toEqual({
      period: 'month',
      from: at('2023-06-30T22:00:00Z'),
      to: at('2024-06-30T22:00:00Z'),
    });
  });

  test('dates are local midnights, instants keep their zone; one bound gives the default span from (or up to) it', () => {
    expect(parseConsumptionRange({ from: '2024-01-01', to: '2024-01-06T00:00:00Z' }, Z, NOW)).toEqual({
      period: 'day',
      from: at('2023-12-31T23:00:00Z'),
      to: at('2024-01-06T00:00:00Z'),
    });
    expect(parseConsumptionRange({ from: '2024-01-01' }, Z, NOW).to).toBe(at('2024-01-31T23:00:00Z'));
    expect(parseConsumptionRange({ period: 'month', to: '2024-01-01' }, Z, NOW).from).toBe(
      at('2022-12-31T23:00:00Z'),
    );
  });

  test('bounded: 366 days by day, 60 months by month', () => {
    expect(parseConsumptionRange({ from: '2023-01-01', to: '2024-01-02' }, Z, NOW).period).toBe('day');
    expect(problems({ from: '2023-01-01', to: '2024-01-03' })).toEqual([
      ['from', 'A series by day spans at most 366 days; choose a later from or an earlier to'],
    ]);
    expect(
      parseConsumptionRange({ period: 'month', from: '2019-01-01', to: '2024-01-01' }, Z, NOW).period,
    ).toBe('month');
    expect(problems({ period: 'month', from: '2019-01-01', to: '2024-01-02' })[0][0]).toBe('from');
  });

  test('bad input: every field problem at once, by field', () => {
    expect(problems({ period: 'week', from: 'yesterday', to: ['2024-01-01', '2024-02-01'] })).toEqual([
      ['period', 'period must be day or month'],
      ['from', 'from must be an ISO 8601 date or date-time (got "yesterday")'],
      ['to', 'to must be given once, as an ISO 8601 date or date-time'],
    ]);
    expect(problems({ from: '2024-02-01', to: '2024-01-01' })).toEqual([['to', 'to must be after from']]);
    expect(problems({ from: '2024-13-45' })[0][0]).toBe('from');
    expect(problems({ from: '0001-01-01' })[0][0]).toBe('from');
  });
});
