import {
  columnPosition,
  countOutsideQuotes,
  normalizeHeaderName,
  resolveColumns,
  sniffDelimiter,
  type ColumnMapping,
} from '../../../src/formats';

describe('sniffDelimiter', () => {
  it('finds the delimiter that is consistent across the first lines', () => {
    expect(sniffDelimiter(['meter_number,register,timestamp,value', 'M1,1.8.0,2024-01-01,5'])).toBe(',');
    expect(sniffDelimiter(['meter_number;register;timestamp;value', 'M1;1.8.0;2024-01-01;5'])).toBe(';');
    expect(sniffDelimiter(['meter_number\tregister\ttimestamp\tvalue', 'M1\t1.8.0\t2024-01-01\t5'])).toBe(
      '\t',
    );
    expect(sniffDelimiter(['a|b|c', '1|2|3'])).toBe('|');
  });

  it('is not fooled by decimal commas or by delimiters inside quotes', () => {
    expect(sniffDelimiter(['Zähler;Datum;Wert', '123;01.01.2024;12,5', '124;01.01.2024;7,25'])).toBe(';');
    expect(sniffDelimiter(['123;01.01.2024;12,5', '124;01.01.2024;7,25'])).toBe(';');
    expect(sniffDelimiter(['"a;b",c,d', '"x;y",1,2'])).toBe(',');
  });

  it('says nothing for a single-column file', () => {
    expect(sniffDelimiter(['meter', 'M1'])).toBeNull();
    expect(sniffDelimiter([])).toBeNull();
    expect(sniffDelimiter(['', '  '])).toBeNull();
  });

  it('counts only outside quotes', () => {
    expect(countOutsideQuotes('"a,b",c', ',')).toBe(1);
    expect(countOutsideQuotes('a,"b ""x"", y",c', ',')).toBe(2);
  });
});

describe('column mapping', () => {
  const defaults: ColumnMapping = {
    meterNumber: 'meter_number',
    register: { column: 'register' },
    timestamp: { column: 'timestamp' },
    value: 'value',
  };

  it('matches header names loosely and finds unit and quality by name', () => {
    const result = resolveColumns(defaults, [
      'Timestamp',
      'Meter Number',
      'REGISTER',
      'Value',
      'Unit',
      'quality',
      'comment',
    ]);
    expect(result).toMatchObject({
      ok: true,
      columns: {
        meterNumber: 1,
        register: 2,
        timestamp: 0,
        value: 3,
        unit: 4,
        quality: 5,
        date: null,
        time: null,
        minWidth: 4,
      },
    });
    expect(normalizeHeaderName('\uFEFFMeter-Number ')).toBe('meternumber');
  });

  it('takes numbers (or digit strings) as 1-based positions', () => {
    expect(columnPosition(3)).toBe(2);
    expect(columnPosition(' 3 ')).toBe(2);
    expect(columnPosition('value')).toBeNull();
    const mapping: ColumnMapping = {
      meterNumber: 2,
      register: { fixed: '1.8.0' },
      timestamp: { date: '4', time: 5 },
      value: 7,
    };
    expect(resolveColumns(mapping, null)).toMatchObject({
      ok: true,
      columns: {
        meterNumber: 1,
        register: null,
        fixedRegister: '1.8.0',
        timestamp: null,
        date: 3,
        time: 4,
        value: 6,
        minWidth: 7,
      },
    });
  });

  it('lists what was expected and what was found when columns are missing', () => {
    expect(resolveColumns(defaults, ['meter_number;register;timestamp;value'])).toEqual({
      ok: false,
      error:
        'The header row does not have the columns this channel expects. Missing: "meter_number", "register", "timestamp", "value". ' +
        'Expected: "meter_number", "register", "timestamp", "value". Found: "meter_number;register;timestamp;value"',
    });
    const partly = resolveColumns(defaults, ['meter_number', 'timestamp', 'reading']);
    expect(partly.ok === false && partly.error).toMatch(/Missing: "register", "value"/);
  });

  it('refuses ambiguous headers, positions past the header and names without a header', () => {
    const doubled = resolveColumns(defaults, ['meter_number', 'register', 'timestamp', 'value', 'Value']);
    expect(doubled.ok === false && doubled.error).toBe(
      'The header row has 2 columns named "value" (columns 4 and 5); rename one or map the value column by number',
    );
    const tooFar = resolveColumns({ ...defaults, value: 9 }, ['meter_number', 'register', 'timestamp']);
    expect(tooFar.ok === false && tooFar.error).toMatch(/column 9, but the header row has only 3 columns/);
    const noHeader = resolveColumns(defaults, null);
    expect(noHeader.ok === false && noHeader.error).toBe(
      'The file has no header row, so the meter number column must be a column number, not "meter_number"',
    );
    const zero = resolveColumns({ ...defaults, value: '0' }, ['a']);
    expect(zero.ok === false && zero.error).toMatch(/Column numbers start at 1/);
  });
});
