import { DomainError } from '../../../src/common/errors';
import {
  parseUsageRecord,
  parseUsageRecordRequest,
  safeParseUsageRecord,
  type UsageRecordInput,
} from '../../../src/usage/usage-record';

const NOW = new Date('2024-03-01T08:00:00.000Z');
const context = { now: NOW, srcIp: '192.0.2.10' };

function refused(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}
const problems = (error: DomainError) => error.details.errors as Array<{ path: string[]; message: string }>;

describe('the guide quick start: /OpenApi/UsageRecord/test/1/mydevice?ref=firsttry&intcounter=6789', () => {
  it('records device "mydevice", group "test", event "1", reference "firsttry" and counter 6789', () => {
    const record = parseUsageRecordRequest(
      {
        params: { eGroup: 'test', eId: '1', deviceId: 'mydevice' },
        query: { ref: 'firsttry', intcounter: '6789' },
      },
      context,
    );
    expect(record).toEqual<UsageRecordInput>({
      eGroup: 'test',
      eId: '1',
      deviceId: 'mydevice',
      eventRef: 'firsttry',
      dtu: '2024-03-01T08:00:00.000Z', // absent → stamped by the server
      dtuFromServer: true,
      dtText: null,
      dtLocal: null,
      srcIp: '192.0.2.10', // the request's address
      intCounter: '6789',
      intCounter2: null,
      intCounter3: null,
      intCounter4: null,
      intCounter5: null,
      temperature: null,
      eventData: null,
      badge: null,
    });
  });

  it('reads the same record from a PUT/POST body, a JSON body with numbers, or a mix of query and body', () => {
    const params = { eGroup: 'test', eId: '1', deviceId: 'mydevice' };
    const fromQuery = parseUsageRecordRequest(
      { params, query: { ref: 'firsttry', intcounter: '6789' } },
      context,
    );
    expect(
      parseUsageRecordRequest({ params, body: { ref: 'firsttry', intcounter: '6789' } }, context),
    ).toEqual(fromQuery);
    expect(parseUsageRecordRequest({ params, body: { ref: 'firsttry', intcounter: 6789 } }, context)).toEqual(
      fromQuery,
    );
    expect(
      parseUsageRecordRequest({ params, query: { ref: 'firsttry' }, body: { intcounter: 6789 } }, context),
    ).toEqual(fromQuery);
    // GET with no body, and the empty bodies frameworks hand over.
    expect(
      parseUsageRecordRequest({ params, query: { ref: 'firsttry', intcounter: '6789' }, body: {} }, context),
    ).toEqual(fromQuery);
    expect(
      parseUsageRecordRequest({ params, query: { ref: 'firsttry', intcounter: '6789' }, body: '' }, context),
    ).toEqual(fromQuery);
  });
});

describe('field names', () => {
  const params = { eGroup: 'WM-ACME5', eId: 'Type-1', deviceId: 'meter-7' };

  it('are case-insensitive and accept the guide aliases', () => {
    const record = parseUsageRecordRequest(
      {
        params,
        query: {
          EventRef: 'r1',
          INT: '5',
          IntCounter2: '6',
          intcounter3: '7',
          INTCOUNTER4: '8',
          intCounter5: '9',
          Temperature: '21.5',
          DtDevice: '12-jun-2021 14:31',
          DTU: '2021-06-12T12:31:00Z',
          EventDataJ: '{"pressure":3.2}',
          Badge: '04:a3:2b:1c',
          SrcIp: '10.50.190.201',
        },
      },
      context,
    );
    expect(record).toMatchObject({
      eventRef: 'r1',
      intCounter: '5',
      intCounter2: '6',
      intCounter3: '7',
      intCounter4: '8',
      intCounter5: '9',
      temperature: '21.5',
      dtText: '12-jun-2021 14:31',
      dtLocal: '2021-06-12T14:31:00.000',
      dtu: '2021-06-12T12:31:00.000Z',
      dtuFromServer: false,
      eventData: { pressure: 3.2 },
      badge: '04A32B1C',
      srcIp: '10.50.190.201', // the record's own address wins over the request's
    });
  });

  it('refuses unknown fields, naming each and listing the accepted ones', () => {
    const error = refused(() =>
      parseUsageRecordRequest({ params, query: { ref: 'a', counter: '5', colour: 'red' } }, context),
    );
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(
      /^Unknown field "counter"; accepted fields are eGroup, eId, deviceId, ref \(or eventRef\)/,
    );
    expect(error.message).toMatch(/\(and 1 more problem\)$/);
    expect(problems(error).map((p) => p.path)).toEqual([['counter'], ['colour']]);
  });

  it('refuses a field given twice with different values, and accepts the same value twice', () => {
    const error = refused(() =>
      parseUsageRecordRequest({ params, query: { ref: 'a', eventref: 'b' } }, context),
    );
    expect(error.message).toBe(
      'eventRef was given twice with different values (as "ref" and "eventref"); send it once',
    );
    const mixed = refused(() =>
      parseUsageRecordRequest({ params, query: { intcounter: '1' }, body: { intcounter: 2 } }, context),
    );
    expect(mixed.message).toMatch(/intCounter was given twice with different values/);
    expect(parseUsageRecordRequest({ params, query: { ref: 'a', EVENTREF: 'a' } }, context).eventRef).toBe(
      'a',
    );
    expect(
      parseUsageRecordRequest({ params: { ...params }, query: {}, body: { deviceId: 'meter-7' } }, context)
        .deviceId,
    ).toBe('meter-7');
  });

  it('refuses a repeated query parameter (a list) instead of picking one', () => {
    const error = refused(() =>
      parseUsageRecordRequest({ params, query: { intcounter: ['1', '2'] } }, context),
    );
    expect(error.message).toBe(
      'intcounter must be a single value, not a list (was it given more than once?)',
    );
  });

  it('treats a "__proto__" key in a JSON body as the unknown field it is', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "ref": "x"}');
    const error = refused(() => parseUsageRecordRequest({ params, body }, context));
    expect(problems(error)[0]).toMatchObject({ path: ['__proto__'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('bad input', () => {
  const params = { eGroup: 'WM-ACME5', eId: 'Type-1', deviceId: 'meter-7' };
  const fails = (request: Parameters<typeof parseUsageRecordRequest>[0]) =>
    refused(() => parseUsageRecordRequest(request, context));

  it('missing path parts are each named', () => {
    const error = fails({ params: { eGroup: 'WM-ACME5' }, query: {} });
    expect(error.message).toBe('eId is required (and 1 more problem)');
    expect(problems(error)).toEqual([
      expect.objectContaining({ path: ['eId'], message: 'eId is required' }),
      expect.objectContaining({ path: ['deviceId'], message: 'deviceId is required' }),
    ]);
    expect(fails({ params: {}, query: { intcounter: '5' } }).details.errors).toHaveLength(3);
    expect(fails({ params: { ...params, eId: '' } }).message).toBe('eId is required (it is empty)');
  });

  it('a digit-first eGroup is reserved to the system', () => {
    expect(fails({ params: { ...params, eGroup: '1WATER' } }).message).toBe(
      'eGroup must start with a letter (A–Z): values starting with a digit are reserved to the system (got "1WATER")',
    );
  });

  it('over-long ids and references', () => {
    expect(fails({ params: { ...params, deviceId: 'd'.repeat(65) } }).message).toBe(
      'deviceId is too long: 65 characters, at most 64 are allowed',
    );
    expect(fails({ params: { ...params, eId: 'e'.repeat(65) } }).message).toMatch(/^eId is too long: 65/);
    expect(fails({ params: { ...params, eGroup: 'G'.repeat(65) } }).message).toMatch(
      /^eGroup is too long: 65/,
    );
    expect(
      parseUsageRecordRequest({ params, query: { ref: 'r'.repeat(128) } }, context).eventRef,
    ).toHaveLength(128);
    expect(fails({ params, query: { ref: 'r'.repeat(129) } }).message).toBe(
      'ref is too long: 129 characters, at most 128 are allowed',
    );
    expect(fails({ params, query: { ref: '' } }).message).toMatch(/^ref is empty; leave the field out/);
  });

  it('non-integer and overflowing counters, NaN and Infinity', () => {
    expect(fails({ params, query: { intcounter: '1.5' } }).message).toBe(
      'intcounter must be a whole number written with digits only (got "1.5")',
    );
    expect(fails({ params, query: { intcounter2: '9223372036854775808' } }).message).toMatch(
      /^intcounter2 is out of range/,
    );
    expect(fails({ params, query: { int: 'NaN' } }).message).toMatch(/^int must be a whole number/);
    expect(fails({ params, query: { intcounter5: 'Infinity' } }).message).toMatch(
      /^intcounter5 must be a whole number/,
    );
    expect(fails({ params, body: { intcounter: 1e21 } }).message).toMatch(/send it as a string/);
    expect(fails({ params, query: { intcounter: '' } }).message).toMatch(/^intcounter is empty/);
    expect(
      parseUsageRecordRequest({ params, body: { intcounter: '9223372036854775807' } }, context).intCounter,
    ).toBe('9223372036854775807');
  });

  it('invalid JSON in eventdataj, and arrays where objects belong', () => {
    expect(fails({ params, query: { eventdataj: '{"a":' } }).message).toMatch(
      /^eventdataj is not valid JSON/,
    );
    expect(fails({ params, query: { eventdataj: '[1,2,3]' } }).message).toMatch(
      /^eventdataj must be a JSON object .*not an array/,
    );
    expect(fails({ params, body: { eventDataJ: [{ a: 1 }] } }).message).toMatch(/not an array/);
    expect(fails({ params, body: [{ ref: 'x' }] }).message).toBe(
      'The request body must be a JSON object of usage-record fields, or empty',
    );
    expect(fails({ params, body: 'ref=x' }).message).toBe(
      'The request body must be a JSON object of usage-record fields, or empty',
    );
  });

  it('reports every problem of a record at once', () => {
    const error = fails({
      params: { eGroup: '9', eId: 'x', deviceId: 'd' },
      query: { intcounter: 'abc', temperature: 'hot', dt: 'soon', badge: 'zz', srcip: 'nowhere' },
    });
    expect(problems(error).map((p) => p.path[0])).toEqual([
      'eGroup',
      'dt',
      'srcIp',
      'intCounter',
      'temperature',
      'badge',
    ]);
  });
});

describe('flat records (batch items, programmatic use)', () => {
  it('reads a complete record with canonical names', () => {
    const record = parseUsageRecord(
      {
        eGroup: 'WM-ACME5',
        eId: 'Type-1',
        deviceId: 'meter-7',
        eventRef: 'r1',
        dtu: '2021-06-12T14:31:00Z',
        intCounter: 5,
      },
      { now: NOW },
    );
    expect(record).toMatchObject({
      eventRef: 'r1',
      dtu: '2021-06-12T14:31:00.000Z',
      dtuFromServer: false,
      srcIp: null,
      intCounter: '5',
    });
  });

  it('refuses a non-object record without throwing', () => {
    for (const item of [null, 'x', 5, [1]]) {
      const result = safeParseUsageRecord(item, { now: NOW });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0].message).toMatch(/must be a JSON object/);
    }
  });

  it('ignores a request address that is not an address', () => {
    expect(
      parseUsageRecord({ eGroup: 'G', eId: 'e', deviceId: 'd' }, { now: NOW, srcIp: 'garbage' }).srcIp,
    ).toBeNull();
  });
});
