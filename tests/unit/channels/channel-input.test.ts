import {
  parseChannelCreate,
  parseChannelUpdate,
  HANDLER_IMMUTABLE_MESSAGE,
} from '../../../src/channels/channel-input';
import { DomainError } from '../../../src/common/errors';

function problem(fn: () => unknown): { message: string; paths: string[] } {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      message: error.message,
      paths: (error.details.errors as { path: string[] }[]).map((e) => e.path.join('.')),
    };
  }
  throw new Error('expected a DomainError');
}

describe('parseChannelCreate', () => {
  test('fills the defaults and passes the config through untouched', () => {
    const config = { host: 'x', password: 'p' };
    expect(parseChannelCreate({ code: 'VENDOR_SFTP', name: ' Vendor ', handler: 'sftp', config })).toEqual({
      base: {
        code: 'VENDOR_SFTP',
        name: 'Vendor',
        handler: 'sftp',
        active: true,
        production: false,
        displayOrder: 0,
        schedule: null,
      },
      config,
    });
  });

  test('an empty or null schedule means manual only; a valid one is kept trimmed', () => {
    expect(
      parseChannelCreate({ code: 'A', name: 'a', handler: 'sftp', schedule: '' }).base.schedule,
    ).toBeNull();
    expect(
      parseChannelCreate({ code: 'A', name: 'a', handler: 'sftp', schedule: null }).base.schedule,
    ).toBeNull();
    expect(
      parseChannelCreate({ code: 'A', name: 'a', handler: 'sftp', schedule: ' 0 3 * * * ' }).base.schedule,
    ).toBe('0 3 * * *');
  });

  test.each([
    [{ name: 'a', handler: 'sftp' }, 'code'],
    [{ code: 'a', name: 'a', handler: 'sftp' }, 'code'],
    [{ code: 'A', handler: 'sftp' }, 'name'],
    [{ code: 'A', name: 'a' }, 'handler'],
    [{ code: 'A', name: 'a', handler: 'Local Folder' }, 'handler'],
    [{ code: 'A', name: 'a', handler: 'sftp', schedule: 'hourly' }, 'schedule'],
    [{ code: 'A', name: 'a', handler: 'sftp', schedule: '*/10 * * * * *' }, 'schedule'],
    [{ code: 'A', name: 'a', handler: 'sftp', schedule: 5 }, 'schedule'],
    [{ code: 'A', name: 'a', handler: 'sftp', displayOrder: '1' }, 'displayOrder'],
    [{ code: 'A', name: 'a', handler: 'sftp', secret: 'x' }, 'secret'],
  ])('%j → 400 naming %s', (body, path) => {
    expect(problem(() => parseChannelCreate(body)).paths).toContain(path);
  });

  test('a schedule firing more often than once a minute is refused with the reason', () => {
    expect(
      problem(() => parseChannelCreate({ code: 'A', name: 'a', handler: 'sftp', schedule: '*/30 * * * * *' }))
        .message,
    ).toContain('more often than every 60 seconds');
  });

  test('the schedule is read in the given time zone (an unknown zone is refused)', () => {
    expect(
      problem(() =>
        parseChannelCreate(
          { code: 'A', name: 'a', handler: 'sftp', schedule: '0 3 * * *' },
          { timezone: 'Mars/Olympus' },
        ),
      ).paths,
    ).toEqual(['schedule']);
  });

  test('a body that is not an object is refused', () => {
    for (const body of [null, [], 'x', 3]) expect(() => parseChannelCreate(body)).toThrow(DomainError);
  });
});

describe('parseChannelUpdate', () => {
  const stored = { code: 'VENDOR_SFTP', handler: 'sftp' };

  test('only the fields sent change; config is reported only when sent', () => {
    expect(parseChannelUpdate({ name: 'New' }, stored)).toEqual({ patch: { name: 'New' }, hasConfig: false });
    expect(parseChannelUpdate({ config: { host: 'x' } }, stored)).toEqual({
      patch: {},
      hasConfig: true,
      config: { host: 'x' },
    });
    expect(parseChannelUpdate({ config: null }, stored)).toEqual({ patch: {}, hasConfig: true, config: {} });
    expect(parseChannelUpdate({ schedule: '' }, stored).patch).toEqual({ schedule: null });
  });

  test('code and handler may be sent unchanged, never changed', () => {
    expect(parseChannelUpdate({ code: 'VENDOR_SFTP', handler: 'sftp' }, stored).patch).toEqual({});
    expect(problem(() => parseChannelUpdate({ handler: 'local-folder' }, stored))).toEqual({
      message: HANDLER_IMMUTABLE_MESSAGE,
      paths: ['handler'],
    });
    expect(problem(() => parseChannelUpdate({ code: 'OTHER' }, stored)).paths).toEqual(['code']);
  });
});
