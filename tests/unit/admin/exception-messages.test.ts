import { DateTime } from 'luxon';
import { createIntl } from 'react-intl';
import { EXCEPTION_MESSAGES, exceptionText, selectKey } from '../../../admin/api/exception-messages';
import { settleCosts } from '../../../src/allocation';
import { KEY_LABELS, type AllocationKey } from '../../../src/allocation/keys';
import {
  SETTLEMENT_NOTE_CODES,
  meterFigureUnusableNote,
  type MeterFigureProblem,
} from '../../../src/allocation/settlement-notes';
import { buildInvoices, type ChargingException } from '../../../src/charging';
import { unaccountedPoints } from '../../../src/charging/accounted-for';
import { noOwnerException } from '../../../src/charging/billed-registers';
import { CHARGING_EXCEPTION_CODES } from '../../../src/charging/exception-codes';
import { Dec } from '../../../src/charging/decimal';
import {
  communityIntervalException,
  communityNoMeterException,
  communityNotBilledException,
} from '../../../src/community/community-exceptions';
import { capRefusal, refuse } from '../../../src/community/community-refusals';
import { suspectReadsException } from '../../../src/validation/charge-run-quality';
import { translator } from '../../helpers/admin-intl';
import { lakeside } from '../allocation/fixtures';
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

/** Every reason a community's energy can go unbilled, on member J-1 of SH-ZEV (the last for the owner's lines). */
const cap = (period: { from: string; to: string | null }) => ({
  kind: 'solar-price-above-cap' as const,
  band: 'HT',
  price: new Dec('0.25'),
  standardPrice: new Dec('0.3'),
  cap: new Dec('0.24'),
  period,
});
const refusals = [
  refuse.noGridRate(),
  refuse.gridRateMissing('rate-9'),
  refuse.gridRatePricesMetric('rate-9'),
  refuse.gridRateNotWholePeriod('rate-9', '2024-06-10', null),
  refuse.gridRateHasTiers('rate-9'),
  refuse.gridRateUtilityGone('rate-9'),
  refuse.gridRateCalendarGone('rate-9', 'HTNT'),
  refuse.gridRateInvalid('rate-9', 'unit price is missing'),
  refuse.gridRateBandsWithoutCalendar('rate-9'),
  refuse.noGridUsageComponent('rate-9'),
  refuse.noLegComponent('rate-9', 'Netznutzung'),
  refuse.legComponentNoBandPrice('rate-9', 'Netznutzung', 'NT'),
  capRefusal('SH-ZEV', cap({ from: '2024-06-01', to: '2024-06-30' }), '2024-06-01', '2024-06-30'),
  capRefusal(
    'SH-ZEV',
    { kind: 'solar-price-unchecked', band: 'NT', period: null },
    '2024-06-01',
    '2024-06-30',
  ),
  capRefusal(
    'SH-ZEV',
    { kind: 'solar-price-unchecked', band: null, period: null },
    '2024-06-01',
    '2024-06-30',
  ),
  refuse.noSolarPriceForBand('SH-ZEV', 'NT'),
  refuse.nobodyAnswersForMember('J-2'),
  refuse.nobodyAnswersForCommon(),
  refuse.nobodyAnswersForExport(),
];
const notBilled = refusals.map((r, i) =>
  communityNotBilledException(r, { id: 'bp-J', code: 'J-1' }, 'SH-ZEV', i === refusals.length - 1),
);

/**
 * A settlement's notes, as the engine gives them: flat C's heat meter without figures for
 * July–December, not estimated (estimating off, and with nothing to estimate from), then
 * estimated; a key summing to zero; and each way a meter's readings can give no figure.
 */
const partlyMeasured = lakeside();
partlyMeasured.measurements = [
  ...partlyMeasured.measurements!.slice(0, 2),
  { billingPointId: 'C', key: 'heat', from: '2023-01-01', to: '2023-06-30', consumption: '400' },
];
const noneComplete = lakeside();
noneComplete.measurements = noneComplete.measurements!.map((m) => ({ ...m, to: '2023-06-30' }));
const allZero = lakeside();
allZero.measurements = allZero.measurements!.map((m) => ({ ...m, consumption: '0' }));
const meterProblems: MeterFigureProblem[] = [
  { reason: 'no-register' },
  { reason: 'unreadable-value', register: '1.8.0', value: 'x12' },
  { reason: 'unusable-readings', register: '1.8.0', problems: 'conflicting-reads' },
  ...(['period-start', 'period-end', 'installation', 'removal', 'gap'] as const).map(
    (when): MeterFigureProblem => ({ reason: 'no-reading', register: '1.8.0', when }),
  ),
  { reason: 'below-zero', register: '1.8.0' },
];
const settlementNotes = [
  ...settleCosts(partlyMeasured).exceptions,
  ...settleCosts({ ...noneComplete, estimateMissingMeters: true }).exceptions,
  ...settleCosts({ ...partlyMeasured, estimateMissingMeters: true }).estimates,
  ...settleCosts(allZero).exceptions,
  ...meterProblems.map((p) => meterFigureUnusableNote('HM-C', 19_539, 19_722, p)),
];

/** The English message filled as the server fills it: instants as local wall time with the zone. */
function serverEnglish(code: string, params: Record<string, string | number>): string {
  const zone = String(params.timeZone ?? 'UTC');
  const values = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      key.endsWith('Time') && typeof value === 'string'
        ? `${DateTime.fromISO(value, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`
        : key === 'reason'
          ? selectKey(String(value))
          : key.endsWith('Key')
            ? KEY_LABELS[value as AllocationKey]
            : key.endsWith('Amount')
              ? `${value} ${params.currency}`
              : key.endsWith('Ranges')
                ? String(value).replaceAll('/', ' … ').replaceAll(',', ', ')
                : value,
    ]),
  );
  return createIntl({ locale: 'en', messages: {} }).formatMessage(EXCEPTION_MESSAGES[code], values);
}

test('every code the server can give has a message in the admin, and no other', () => {
  expect(Object.keys(EXCEPTION_MESSAGES).sort()).toEqual(
    [...CHARGING_EXCEPTION_CODES, ...SETTLEMENT_NOTE_CODES].sort(),
  );
});

test('the scenarios reach many different codes (so the next test checks something)', () => {
  const codes = new Set([...outcomes, ...runLevel].map((e) => e.code));
  expect(codes.size).toBeGreaterThanOrEqual(10);
});

test.each(
  [...outcomes, ...runLevel, ...notBilled, ...settlementNotes].map(
    (e) => [`${e.code}: ${e.message.slice(0, 90)}`, e] as const,
  ),
)('the English catalogue says what the server says: %s', (_, exception) => {
  expect(serverEnglish(exception.code ?? 'no code', exception.params ?? {})).toBe(exception.message);
});

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

test('a community not billed: every reason in words of its own, dates in the language', () => {
  const de = notBilled.map((e) => exceptionText(e, translator('de')));
  // No reason falls through to the raw code (the catalogue's `other`), in any language.
  for (const lang of ['de', 'fr', 'it'] as const)
    notBilled.forEach((e) =>
      expect(exceptionText(e, translator(lang))).not.toContain(String(e.params?.reason)),
    );
  expect(de[3]).toBe(
    'Abrechnungsstelle J-1: Der Strom aus der Gemeinschaft SH-ZEV wurde nicht verrechnet: Der Netztarif rate-9 gilt vom 10.06.2024 bis offen, nicht für die ganze Periode',
  );
  expect(exceptionText(notBilled[12], translator('fr'))).toContain(
    'dépasse le plafond de l’art. 16 OEne de 0,24 (produit standard 0,3, du 1 juin 2024 au 30 juin 2024)',
  );
  expect(exceptionText(notBilled.at(-1)!, translator('it'))).toBe(
    'Punto di fatturazione J-1: la sua energia nella comunità SH-ZEV non è stata fatturata: posizioni del proprietario: nessuno risponde dell’immissione in rete (né occupante, né proprietario, né destinatario dell’immissione)',
  );
});

test('the settlement notes reach every code and reason (so the test above checks each wording)', () => {
  const reasons = new Set(settlementNotes.map((n) => `${n.code} ${n.params.reason ?? ''}`));
  expect([...reasons].sort()).toEqual(
    [
      'estimated-consumption ',
      'missing-meter estimating-off',
      'missing-meter nothing-to-estimate-from',
      'category-not-allocated key-missing',
      'category-not-allocated key-sums-to-zero',
      ...meterProblems.map(
        (p) => `meter-figure-unusable ${p.reason === 'no-reading' ? `no-reading-${p.when}` : p.reason}`,
      ),
    ].sort(),
  );
});

test('a settlement note in German and French: key, date ranges, money and decimals in their words', () => {
  const missing = settlementNotes.find((n) => n.code === 'missing-meter')!;
  expect(exceptionText(missing, translator('de'))).toBe(
    'Für den Wärmezähler (kWh) von C fehlt der Wert für 01.07.2023 – 31.12.2023 (184 Tage); Schätzen ist für diese Abrechnung nicht eingeschaltet. Die Kostenarten dieses Schlüssels werden deshalb nicht verteilt',
  );
  const blocked = settlementNotes.find((n) => n.params.reason === 'key-sums-to-zero')!;
  expect(exceptionText(blocked, translator('fr'))).toMatch(
    /^La catégorie heating-energy \(1\s000\.00\sCHF\) n’est pas répartie : la clé « compteur de chaleur \(kWh\) » totalise 0/,
  );
  const estimated = settlementNotes.find((n) => n.code === 'estimated-consumption')!;
  expect(exceptionText(estimated, translator('it'))).toContain(
    'per 1 lug 2023 – 31 dic 2023 (184 giorni): stimato a 630.137 secondo la chiave della superficie',
  );
});
