import {
  canonicalUnit,
  parseDate8,
  parseDateTime,
  parseIntervalData,
  parseIntervalEvent,
  parseNmiDataDetails,
  parseQualityMethod,
  splitRecord,
} from '../../../src/formats';

describe('NEM12 record parsing', () => {
  it('splits records and trims stray spaces', () => {
    expect(splitRecord('250,VABC005890, 20040108100333,')).toEqual([
      '250',
      'VABC005890',
      '20040108100333',
      '',
    ]);
  });

  it('reads a 200 record, normalising unit and suffix case', () => {
    expect(parseNmiDataDetails(splitRecord('200,vabd000163,E1Q1,1,e1,N1,METSER123,KWH,30,20040301'))).toEqual(
      {
        ok: true,
        record: {
          nmi: 'VABD000163',
          nmiConfiguration: 'E1Q1',
          registerId: '1',
          nmiSuffix: 'E1',
          mdmDataStreamId: 'N1',
          meterSerialNumber: 'METSER123',
          uom: 'kWh',
          intervalLength: 30,
          nextScheduledReadDate: '20040301',
        },
      },
    );
  });

  it('knows the MDFF units case-insensitively and passes others through', () => {
    expect(canonicalUnit('KWH')).toBe('kWh');
    expect(canonicalUnit('kvarh')).toBe('kVArh');
    expect(canonicalUnit(' mwh ')).toBe('MWh');
    expect(canonicalUnit('PF')).toBe('pf');
    expect(canonicalUnit('m3')).toBe('m3');
  });

  it('derives the interval count from the interval length', () => {
    const fields = (n: number) =>
      splitRecord(`300,20240101,${Array(n).fill('1').join(',')},A,,,20240102000000,`);
    expect(parseIntervalData(fields(96), 15)).toMatchObject({
      ok: true,
      record: { values: Array(96).fill('1'), quality: { flag: 'A' } },
    });
    expect(parseIntervalData(fields(1440), 1)).toMatchObject({ ok: true });
    expect(parseIntervalData(fields(24), 60)).toMatchObject({ ok: true });
    expect(parseIntervalData(fields(96), 30)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/has 96 interval values, but with 30-minute intervals a day has 48/),
    });
    expect(parseIntervalData(['300'], 30)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/has 0 interval values/),
    });
  });

  it('reads quality methods', () => {
    expect(parseQualityMethod('A')).toEqual({ ok: true, record: { flag: 'A' } });
    expect(parseQualityMethod('F14')).toEqual({ ok: true, record: { flag: 'F', method: '14' } });
    expect(parseQualityMethod('s53')).toEqual({ ok: true, record: { flag: 'S', method: '53' } });
    expect(parseQualityMethod('E1').ok).toBe(false);
    expect(parseQualityMethod('').ok).toBe(false);
    expect(parseQualityMethod('Z').ok).toBe(false);
  });

  it('reads a 400 record within the day', () => {
    expect(parseIntervalEvent(splitRecord('400,1,20,F14,76,'), 48)).toEqual({
      ok: true,
      record: {
        startInterval: 1,
        endInterval: 20,
        quality: { flag: 'F', method: '14' },
        reasonCode: '76',
        reasonDescription: '',
      },
    });
    expect(parseIntervalEvent(splitRecord('400,0,20,A,,'), 48).ok).toBe(false);
    expect(parseIntervalEvent(splitRecord('400,21,20,A,,'), 48).ok).toBe(false);
    expect(parseIntervalEvent(splitRecord('400,a,b,A,,'), 48)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not two interval numbers/),
    });
  });

  it('checks MDFF dates strictly', () => {
    expect(parseDate8('20240229')).toEqual({
      ok: true,
      record: { year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0, millisecond: 0 },
    });
    expect(parseDate8('20230229').ok).toBe(false);
    expect(parseDate8('2024-01-01').ok).toBe(false);
    expect(parseDateTime('200401101030', 12)).toMatchObject({ ok: true, record: { hour: 10, minute: 30 } });
    expect(parseDateTime('20040110103099', 14)).toEqual({
      ok: false,
      error: '"20040110103099" is not a real time of day',
    });
    expect(parseDateTime('200401101030', 14).ok).toBe(false);
  });
});
