import { Readable } from 'node:stream';
import { z } from 'zod';
import { DomainError } from '../../../src/common/errors';
import {
  BUILT_IN_FORMATS,
  FormatRegistry,
  RAW_TEXT_LIMIT,
  createFormatRegistry,
  defineFormat,
  nem12Format,
  nem12OptionsSchema,
  parseFormatOptions,
  rejectedRow,
  truncateRaw,
  type ParsedRow,
} from '../../../src/formats';
import { bytes, collect } from './collect';

/** A tiny custom format, the way a host app would add one. */
const linesFormat = defineFormat({
  id: 'one-value-per-line',
  label: 'One value per line',
  optionsSchema: z.strictObject({ meter: z.string().min(1) }),
  optionFields: [{ key: 'meter', label: 'Meter', type: 'string' }],
  async *parse(stream: Readable, options: { meter: string }): AsyncGenerator<ParsedRow[]> {
    let line = 0;
    for await (const chunk of stream) {
      const rows: ParsedRow[] = [];
      for (const text of String(chunk).split('\n').filter(Boolean)) {
        line++;
        rows.push({
          kind: 'reading',
          line,
          reading: {
            meterNumber: options.meter,
            register: '1',
            readingAt: new Date(0),
            value: text,
            readingKind: 'cumulative',
          },
        });
      }
      if (rows.length) yield rows;
    }
  },
});

describe('format registry', () => {
  it('registers the built-in csv and nem12 formats', () => {
    const registry = createFormatRegistry();
    expect(registry.list().map((f) => f.id)).toEqual(['csv', 'nem12']);
    expect(registry.get('nem12')).toBe(nem12Format);
    expect(BUILT_IN_FORMATS.map((f) => f.id)).toEqual(['csv', 'nem12']);
  });

  it('refuses a duplicate id with a clear error', () => {
    const registry = createFormatRegistry();
    expect(() => registry.register({ ...nem12Format, label: 'My NEM12' })).toThrow(
      'A meter-file format with id "nem12" is already registered ("NEM12 / NEM13 (AEMO MDFF)")',
    );
    try {
      registry.register(nem12Format);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('conflict');
    }
    expect(() => createFormatRegistry([nem12Format])).toThrow(/already registered/);
  });

  it('refuses ids that are not lowercase slugs', () => {
    expect(() => new FormatRegistry().register({ ...linesFormat, id: 'My Format' })).toThrow(
      'A meter-file format id must be lowercase letters, digits and dashes (got "My Format")',
    );
  });

  it('names the known formats when an id is unknown', () => {
    const registry = createFormatRegistry();
    expect(registry.find('xlsx')).toBeUndefined();
    expect(registry.has('csv')).toBe(true);
    expect(() => registry.get('xlsx')).toThrow(
      'Meter-file format "xlsx" was not found (known formats: csv, nem12)',
    );
  });

  it('runs a custom format with validated options', async () => {
    const registry = createFormatRegistry([linesFormat]);
    const format = registry.get('one-value-per-line');
    const options = parseFormatOptions(format, { meter: 'M1' });
    const rows = await collect(format.parse(bytes('5\n6\n'), options, { timeZone: 'UTC' }));
    expect(rows.map((r) => r.kind === 'reading' && r.reading.value)).toEqual(['5', '6']);
    expect(() => parseFormatOptions(format, { meter: '' })).toThrow(DomainError);
    expect(() => parseFormatOptions(format, { meter: 'M1', extra: 1 })).toThrow(
      'extra: Unknown field "extra"',
    );
  });

  it('describes every nem12 option for the admin form with defaults the schema accepts', () => {
    expect(nem12Format.optionFields.map((f) => f.key).sort()).toEqual(
      Object.keys(nem12OptionsSchema.shape).sort(),
    );
    const defaults = Object.fromEntries(nem12Format.optionFields.map((f) => [f.key, f.default]));
    expect(parseFormatOptions(nem12Format, defaults)).toEqual(parseFormatOptions(nem12Format, {}));
  });
});

describe('row outcome helpers', () => {
  it('cuts the quoted raw text of a rejection', () => {
    expect(truncateRaw('short')).toBe('short');
    const cut = truncateRaw('x'.repeat(10_000));
    expect(cut).toHaveLength(RAW_TEXT_LIMIT);
    expect(cut.endsWith('…')).toBe(true);
    expect(rejectedRow(3, 'y'.repeat(600), 'bad', '300')).toEqual({
      kind: 'rejected',
      line: 3,
      recordType: '300',
      raw: `${'y'.repeat(RAW_TEXT_LIMIT - 1)}…`,
      error: 'bad',
    });
    expect(rejectedRow(1, 'a', 'b')).not.toHaveProperty('recordType');
  });
});
