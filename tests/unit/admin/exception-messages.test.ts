import { DateTime } from 'luxon';
import { createIntl } from 'react-intl';
import { EXCEPTION_MESSAGES, exceptionText } from '../../../admin/api/exception-messages';
import { buildInvoices, type ChargingException } from '../../../src/charging';
import { unaccountedPoints } from '../../../src/charging/accounted-for';
import { noOwnerException } from '../../../src/charging/billed-registers';
import { CHARGING_EXCEPTION_CODES } from '../../../src/charging/exception-codes';
import {
  communityIntervalException,
  communityNoMeterException,
} from '../../../src/community/community-exceptions';
import { suspectReadsException } from '../../../src/validation/charge-run-quality';
import { translator } from '../../helpers/admin-intl';
import { input, meter, rate, reads } from '../charging/fixtures';

/**
 * A charge run's exceptions carry a code and params beside their English message;
 * the admin words each code in its language. The English catalogue must say
 * exactly what the server says — checked here on exceptions the engine really
 * produces — and the other languages put the params in their own formats.
 */
const outcomes = [
  // No read at or after the period's end: the value then is unknown.
  input({ readings: reads('W-1', '1', [['2024-06-01T00:00', '1000']]) }),
  // No rate at all, and two default rates valid at once.
  input({ rates: [] }),
  input({ rates: [rate({ id: 'a' }), rate({ id: 'b' })] }),
  // A meter without utility type.
  input({ meters: [meter({ utilityType: null })] }),
  // Two reads at the same time that disagree; a register going backwards.
  input({
    readings: reads('W-1', '1', [
      ['2024-06-01T00:00', '1000'],
      ['2024-06-10T00:00', '1010'],
      ['2024-06-10T00:00', '1011'],
      ['2024-07-01T00:00', '1090'],
    ]),
  }),
  input({
    readings: reads('W-1', '1', [
      ['2024-06-01T00:00', '1000'],
      ['2024-07-01T00:00', '990.5'],
    ]),
  }),
  // Overlapping installations, and overlapping occupancies (one open-ended).
  input({
    meters: [
      meter({
        installations: [
          { from: '2020-01-01', to: null },
          { from: '2024-06-10', to: null },
        ],
      }),
    ],
  }),
  input({
    occupancies: [
      { partyId: 'A', entryDate: '2024-01-01', exitDate: '2024-06-20' },
      { partyId: 'B', entryDate: '2024-06-10', exitDate: null },
    ],
  }),
].flatMap((i) => buildInvoices(i).exceptions);

const period = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };
const runLevel = [
  ...unaccountedPoints(
    [
      { billingPointId: 'bp-C', code: 'C-1' },
      { billingPointId: 'bp-D', code: 'D-1' },
    ],
    new Set(),
    new Set(),
    new Set(['bp-C']),
    period,
  ),
  noOwnerException({ documentId: 'bp-E', code: 'E-1' }),
  suspectReadsException(
    { documentId: 'bp-F', code: 'F-1' },
    [{ id: 1, meterNumber: 'W-1', register: '1', at: Date.UTC(2024, 5, 3), rule: 'spike' }],
    'block',
  ),
  // A community member without a meter for a day, and a meter's missing intervals (one hour).
  communityNoMeterException(
    {
      problem: 'no-meter',
      meter: '',
      member: 'bp-G',
      from: Date.UTC(2024, 5, 2, 22),
      to: Date.UTC(2024, 5, 3, 22),
      intervals: 96,
    },
    { id: 'bp-G', code: 'G-1' },
    'SH-ZEV',
    'Europe/Zurich',
  ),
  communityIntervalException(
    {
      problem: 'missing',
      meter: 'E-7\u00001.8.0',
      from: Date.UTC(2024, 5, 3, 8),
      to: Date.UTC(2024, 5, 3, 9),
      intervals: 4,
    },
    { id: 'bp-H', code: 'H-1' },
    'SH-ZEV',
    'Europe/Zurich',
  ),
];

/** The English message filled as the server fills it: instants as local wall time with the zone. */
function serverEnglish(code: string, params: Record<string, string | number>): string {
  const zone = String(params.timeZone ?? 'UTC');
  const values = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      key.endsWith('Time') && typeof value === 'string'
        ? `${DateTime.fromISO(value, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`
        : value,
    ]),
  );
  return createIntl({ locale: 'en', messages: {} }).formatMessage(EXCEPTION_MESSAGES[code], values);
}

test('every code the server can give has a message in the admin, and no other', () => {
  expect(Object.keys(EXCEPTION_MESSAGES).sort()).toEqual([...CHARGING_EXCEPTION_CODES].sort());
});

test('the scenarios reach many different codes (so the next test checks something)', () => {
  const codes = new Set([...outcomes, ...runLevel].map((e) => e.code));
  expect(codes.size).toBeGreaterThanOrEqual(10);
});

test.each([...outcomes, ...runLevel].map((e) => [e.code ?? 'no code', e] as const))(
  'the English catalogue says what the server says: %s',
  (code, exception) => {
    expect(serverEnglish(code, exception.params ?? {})).toBe(exception.message);
  },
);

test('German, French and Italian put dates, times and numbers in their own formats', () => {
  const missing = outcomes.find((e) => e.code === 'no-read-after') as ChargingException;
  expect(exceptionText(missing, translator('de'))).toBe(
    'Zähler W-1, Zählwerk 1 hat keine Ablesung am oder nach dem 01.07.2024, 00:00 (Europe/Zurich); sein Stand zu diesem Zeitpunkt ist unbekannt',
  );
  const backwards = outcomes.find((e) => e.code === 'register-went-backwards') as ChargingException;
  expect(exceptionText(backwards, translator('fr'))).toContain('recul de 9,5 entre le');
  const noMeter = runLevel.find((e) => e.code === 'billing-point-no-meter')!;
  expect(exceptionText(noMeter, translator('it'))).toBe(
    'Il punto di fatturazione D-1 non ha fattura per 1 giu 2024 – 30 giu 2024: nel periodo non vi era installato alcun contatore',
  );
});

test('a community’s exceptions: times in the community’s zone, the problem in words', () => {
  const [noMeter, missing] = runLevel.slice(-2);
  expect(exceptionText(noMeter, translator('de'))).toContain(
    'hat aber vom 03.06.2024, 00:00 (Europe/Zurich) bis 04.06.2024, 00:00 (Europe/Zurich) keinen installierten Zähler (96 Intervalle)',
  );
  expect(exceptionText(missing, translator('fr'))).toContain('compteur E-7, registre 1.8.0 sans valeurs du');
});

test('an open end reads "open" in the language; an unknown code keeps the server’s message', () => {
  const overlap = outcomes.find((e) => e.code === 'occupancies-overlap') as ChargingException;
  expect(exceptionText(overlap, translator('de'))).toContain('(10.06.2024 – offen)');
  expect(
    exceptionText({ code: 'from-a-newer-server', params: {}, message: 'Something new' }, translator('de')),
  ).toBe('Something new');
  expect(exceptionText({ message: 'An old run’s exception' }, translator('fr'))).toBe(
    'An old run’s exception',
  );
});
