import { DomainError } from '../../../src/common/errors';
import { csvFormat, csvOptionsFields, parseFormatOptions } from '../../../src/formats';

const parse = (input: unknown) => parseFormatOptions(csvFormat, input);
const problem = (input: unknown) => {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  }
  throw new Error('expected the options to be refused');
};

describe('csv options', () => {
  it('defaults to the meter_number, register, timestamp, value layout in ISO 8601', () => {
    expect(parse({})).toEqual({
      hasHeader: true,
      skipLines: 0,
      delimiter: 'auto',
      encoding: 'auto',
      columns: {
        meterNumber: 'meter_number',
        register: { column: 'register' },
        timestamp: { column: 'timestamp' },
        value: 'value',
      },
      timestampFormats: ['iso'],
      decimalSeparator: '.',
      thousandsSeparator: 'none',
      readingKind: 'cumulative',
      allowNegative: false,
      ambiguousTimes: 'earlier',
    });
    expect(parse(undefined).columns.value).toBe('value');
  });

  it('builds the mapping from the flat form fields; blank fields count as unset', () => {
    const options = parse({
      hasHeader: false,
      meterNumberColumn: 1,
      registerColumn: '',
      fixedRegister: '1.8.0',
      dateColumn: '2',
      timeColumn: 3,
      valueColumn: 4,
      unitColumn: null,
      timestampFormats: 'dd.MM.yyyy HH:mm | d-MMM-yyyy HH:mm',
      decimalSeparator: ',',
      delimiter: ';',
    });
    expect(options.columns).toEqual({
      meterNumber: 1,
      register: { fixed: '1.8.0' },
      timestamp: { date: '2', time: 3 },
      value: 4,
    });
    expect(options.timestampFormats).toEqual(['dd.MM.yyyy HH:mm', 'd-MMM-yyyy HH:mm']);
  });

  it('refuses contradictory or impossible settings, naming the field', () => {
    expect(problem({ registerColumn: 'reg', fixedRegister: '1.8.0' })).toBe(
      'fixedRegister: Set either a register column or a fixed register, not both',
    );
    expect(problem({ timestampColumn: 'ts', dateColumn: 'd' })).toMatch(
      /^timestampColumn: Set either a timestamp column or date\/time columns/,
    );
    expect(problem({ timeColumn: 't' })).toBe('dateColumn: A time column needs a date column');
    expect(problem({ allowNegative: true })).toMatch(
      /^allowNegative: Negative values can only be allowed for interval data/,
    );
    expect(problem({ decimalSeparator: ',', thousandsSeparator: ',' })).toMatch(/^thousandsSeparator:/);
    expect(problem({ hasHeader: false })).toBe(
      'meterNumberColumn: Without a header row, give this column as a number (1 = first column)',
    );
    expect(
      problem({
        hasHeader: false,
        meterNumberColumn: 1,
        registerColumn: 2,
        timestampColumn: 3,
        valueColumn: 'value',
      }),
    ).toMatch(/^valueColumn:/);
    expect(problem({ timestampFormats: 'HH:mm' })).toBe(
      'timestampFormats: Timestamp format "HH:mm" has no year (use yyyy)',
    );
    expect(problem({ timestampFormats: [] })).toMatch(/at least one timestamp format/);
    expect(problem({ delimiter: ':' })).toMatch(/^delimiter:/);
    expect(problem({ meterNumberColumn: 0 })).toMatch(/^meterNumberColumn: Column numbers start at 1/);
    expect(problem({ skipLines: -1 })).toMatch(/^skipLines:/);
    expect(problem({ valueCol: 'x' })).toBe('valueCol: Unknown field "valueCol"');
  });

  it('allows negative values for interval data when asked', () => {
    expect(parse({ readingKind: 'interval', allowNegative: true })).toMatchObject({
      readingKind: 'interval',
      allowNegative: true,
    });
  });

  it('describes every option for the admin form, with defaults the schema accepts', () => {
    const keys = csvFormat.optionFields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(csvOptionsFields.shape).sort());
    const defaults = Object.fromEntries(
      csvFormat.optionFields.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]),
    );
    expect(parse(defaults)).toEqual(parse({}));
    for (const field of csvFormat.optionFields.filter((f) => f.type === 'select')) {
      expect(field.options?.map((o) => o.value)).toContain(field.default);
      for (const option of field.options ?? []) {
        const values = {
          [field.key]: option.value,
          ...(field.key === 'thousandsSeparator' && option.value === '.' ? { decimalSeparator: ',' } : {}),
        };
        expect(() => parse(values)).not.toThrow();
      }
    }
  });
});
