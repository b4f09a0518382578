import { formatDay, parseRates, rateRuns, resolveRate, type RateInput } from '../../../src/charging';
import { parseCalendarDate } from '../../../src/charging';
import { rate } from './fixtures';

const water = { kind: 'utility' as const, code: 'WATER' };
const where = { target: water, billingPointId: 'bp-1', buildingId: 'b-1' };
const rates = (list: RateInput[]) => parseRates(list);
const idOf = (resolution: ReturnType<typeof resolveRate>) =>
  resolution.kind === 'found' ? resolution.rate.id : resolution.kind;

describe('rate resolution', () => {
  const all = rates([
    rate({ id: 'default' }),
    rate({ id: 'building', scope: 'building', buildingId: 'b-1', validFrom: '2024-03-01' }),
    rate({
      id: 'point',
      scope: 'billing-point',
      billingPointId: 'bp-1',
      validFrom: '2024-06-10',
      validTo: '2024-06-20',
    }),
    rate({ id: 'other-building', scope: 'building', buildingId: 'b-2' }),
    rate({ id: 'electricity', utilityType: 'ELECTRICITY' }),
  ]);

  it('takes the billing point rate first, then the building, then the default', () => {
    expect(idOf(resolveRate(all, { ...where, date: '2024-06-15' }))).toBe('point');
    expect(idOf(resolveRate(all, { ...where, date: '2024-06-21' }))).toBe('building');
    expect(idOf(resolveRate(all, { ...where, date: '2024-02-29' }))).toBe('default');
  });

  it('includes both validity dates', () => {
    expect(idOf(resolveRate(all, { ...where, date: '2024-06-10' }))).toBe('point');
    expect(idOf(resolveRate(all, { ...where, date: '2024-06-20' }))).toBe('point');
    expect(idOf(resolveRate(all, { ...where, date: '2024-06-09' }))).toBe('building');
  });

  it("ignores other buildings' rates and other utilities' rates", () => {
    expect(
      idOf(
        resolveRate(all, { target: water, billingPointId: 'bp-9', buildingId: 'b-2', date: '2024-06-15' }),
      ),
    ).toBe('other-building');
    expect(
      idOf(
        resolveRate(all, {
          target: { kind: 'utility', code: 'HEAT' },
          billingPointId: 'bp-1',
          buildingId: 'b-1',
          date: '2024-06-15',
        }),
      ),
    ).toBe('none');
  });

  it('says "ambiguous" for two valid rates of the same scope, never picks one', () => {
    const clash = rates([
      rate({ id: 'x', validFrom: '2024-01-01' }),
      rate({ id: 'y', validFrom: '2024-05-01' }),
    ]);
    const resolution = resolveRate(clash, { ...where, date: '2024-06-01' });
    expect(resolution.kind).toBe('ambiguous');
    expect(resolution.kind === 'ambiguous' && resolution.candidates.map((r) => r.id)).toEqual(['x', 'y']);
  });

  it('refuses a malformed date', () => {
    expect(() => resolveRate(all, { ...where, date: '15.06.2024' })).toThrow('yyyy-MM-dd');
  });

  it('cuts a period into runs where the applicable rate changes', () => {
    const runs = rateRuns(all, where, parseCalendarDate('2024-06-01')!, parseCalendarDate('2024-06-30')!);
    expect(
      runs.map(
        (run) =>
          `${formatDay(run.fromDay)}..${formatDay(run.toDay)} ${run.resolution.kind === 'found' ? run.resolution.rate.id : run.resolution.kind}`,
      ),
    ).toEqual([
      '2024-06-01..2024-06-09 building',
      '2024-06-10..2024-06-20 point',
      '2024-06-21..2024-06-30 building',
    ]);
  });

  it('reports days without any rate as a run of its own', () => {
    const partial = rates([rate({ id: 'later', validFrom: '2024-06-11' })]);
    const runs = rateRuns(partial, where, parseCalendarDate('2024-06-01')!, parseCalendarDate('2024-06-30')!);
    expect(runs.map((run) => run.resolution.kind)).toEqual(['none', 'found']);
    expect(formatDay(runs[0].toDay)).toBe('2024-06-10');
  });
});
