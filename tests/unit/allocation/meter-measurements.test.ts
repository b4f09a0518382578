import { DateTime } from 'luxon';
import { measurementsFromMeters, type MeterSource } from '../../../src/allocation/meter-measurements';

const ZONE = 'Europe/Zurich';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const read = (meterNumber: string, iso: string, value: string) => ({
  meterNumber,
  register: 'energy',
  readingAt: at(iso),
  value,
  kind: 'cumulative',
});
const meter = (meterNumber: string, utilityType: string, from: string, to: string | null) => ({
  meterNumber,
  utilityType,
  registers: ['energy'],
  installations: [{ from, to }],
});
const KEYS = { HEAT: 'heat', HOT_WATER: 'hot-water' } as const;

describe('measured keys from meter readings', () => {
  it('takes each point’s consumption over the period from its readings', () => {
    const sources: MeterSource[] = [
      {
        // Flat A: read at both midnights: 4000 − 1000 = 3000 kWh.
        billingPointId: 'A',
        timeZone: ZONE,
        meters: [meter('HM-A', 'HEAT', '2020-01-01', null), meter('WM-A', 'WATER', '2020-01-01', null)],
        readings: [
          read('HM-A', '2023-01-01T00:00', '1000'),
          read('HM-A', '2024-01-01T00:00', '4000'),
          read('WM-A', '2023-01-01T00:00', '1'),
          read('WM-A', '2024-01-01T00:00', '99'),
        ],
      },
      {
        // Flat B: heat meter swapped on 30 June, both there that day.
        // Old: 1300 (last read before removal) − 500 = 800; new: 1200 − 0 (first read) = 1200.
        // One figure over the union of their days: 800 + 1200 = 2000 kWh, 1 Jan – 31 Dec.
        billingPointId: 'B',
        timeZone: ZONE,
        meters: [
          meter('HM-B1', 'HEAT', '2019-01-01', '2023-06-30'),
          meter('HM-B2', 'HEAT', '2023-06-30', null),
          meter('HW-B', 'HOT_WATER', '2019-01-01', null),
        ],
        readings: [
          read('HM-B1', '2023-01-01T00:00', '500'),
          read('HM-B1', '2023-06-30T12:00', '1300'),
          read('HM-B2', '2023-06-30T12:00', '0'),
          read('HM-B2', '2024-01-01T00:00', '1200'),
          // Hot water read on 2 Dec 2022 (0) and 31 Jan 2023 (59.000 m³ after 60 days): 1 m³ a day.
          // At 1 Jan 2023 00:00 (30 days after): 30; at 1 Jan 2024: read exactly 400. 400 − 30 = 370.
          read('HW-B', '2022-12-02T00:00', '0'),
          read('HW-B', '2023-01-31T00:00', '60'),
          read('HW-B', '2024-01-01T00:00', '400'),
        ],
      },
      {
        // Flat C: no heat read after 1 June: the meter cannot give the period's consumption.
        billingPointId: 'C',
        timeZone: ZONE,
        meters: [meter('HM-C', 'HEAT', '2020-01-01', null)],
        readings: [read('HM-C', '2023-01-01T00:00', '0'), read('HM-C', '2023-06-01T00:00', '10')],
      },
    ];
    const { measurements, notes } = measurementsFromMeters(sources, KEYS, '2023-01-01', '2023-12-31');
    expect(measurements).toEqual([
      {
        billingPointId: 'A',
        key: 'heat',
        from: '2023-01-01',
        to: '2023-12-31',
        consumption: '3000',
        meterNumber: 'HM-A',
      },
      {
        billingPointId: 'B',
        key: 'heat',
        from: '2023-01-01',
        to: '2023-12-31',
        consumption: '2000',
        meterNumber: 'HM-B1, HM-B2',
      },
      {
        billingPointId: 'B',
        key: 'hot-water',
        from: '2023-01-01',
        to: '2023-12-31',
        consumption: '370',
        meterNumber: 'HW-B',
      },
    ]);
    expect(notes).toEqual([
      {
        billingPointId: 'C',
        meterNumber: 'HM-C',
        key: 'heat',
        code: 'meter-figure-unusable',
        params: {
          meter: 'HM-C',
          fromDate: '2023-01-01',
          toDate: '2023-12-31',
          reason: 'no-reading-period-end',
          register: 'energy',
          value: '',
          problems: '',
        },
        message:
          'Meter HM-C (2023-01-01 – 2023-12-31): register energy has no reading at or after the period end; its days count as missing',
      },
    ]);
  });

  it('counts only the installed days of a meter installed during the period', () => {
    // Installed 1 July, first read that day at 08:00 (5), 31 Dec read at the year's end: 65 − 5 = 60.
    const { measurements } = measurementsFromMeters(
      [
        {
          billingPointId: 'D',
          timeZone: ZONE,
          meters: [meter('HM-D', 'HEAT', '2023-07-01', null)],
          readings: [read('HM-D', '2023-07-01T08:00', '5'), read('HM-D', '2024-01-01T00:00', '65')],
        },
      ],
      KEYS,
      '2023-01-01',
      '2023-12-31',
    );
    expect(measurements).toEqual([
      expect.objectContaining({ from: '2023-07-01', to: '2023-12-31', consumption: '60' }),
    ]);
  });
});
