import { DomainError } from '../../../src/common/errors';
import {
  isFieldVisible,
  normalizeConfigPath,
  SECRET_MASK,
  sftpConfigSchema,
  validateChannelConfig,
  validateHandlerConfig,
  createSftpHandler,
  type ConfigSchema,
} from '../../../src/channels';

const schema: ConfigSchema = [
  { key: 'name', label: 'Name', type: 'string', required: true, maxLength: 10 },
  { key: 'notes', label: 'Notes', type: 'text' },
  { key: 'retries', label: 'Retries', type: 'number', integer: true, min: 0, max: 5, default: 2 },
  { key: 'enabled', label: 'Enabled', type: 'boolean', default: false },
  {
    key: 'mode',
    label: 'Mode',
    type: 'select',
    required: true,
    default: 'a',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
  },
  {
    key: 'onlyB',
    label: 'Only B',
    type: 'string',
    required: true,
    visibleWhen: { field: 'mode', equals: ['b'] },
  },
  {
    key: 'nested',
    label: 'Nested',
    type: 'string',
    required: true,
    visibleWhen: { field: 'onlyB', equals: ['yes'] },
  },
  { key: 'token', label: 'Token', type: 'secret' },
  { key: 'schedule', label: 'Schedule', type: 'cron' },
  { key: 'folder', label: 'Folder', type: 'path' },
  { key: 'root', label: 'Root', type: 'path', absolute: true },
  { key: 'pin', label: 'Pin', type: 'string', requiredInProduction: true },
  { key: 'even', label: 'Even', type: 'number', check: (v) => (Number(v) % 2 === 0 ? null : 'must be even') },
];

function problems(input: unknown, options = {}): { path: string[]; message: string }[] {
  try {
    validateChannelConfig(schema, input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return ((error as DomainError).details.errors as { path: string[]; message: string }[]).map(
      ({ path, message }) => ({ path, message }),
    );
  }
  throw new Error('expected validation to fail');
}

describe('channel config validation', () => {
  it('applies defaults, trims strings and keeps only schema keys', () => {
    expect(validateChannelConfig(schema, { name: '  x  ' })).toEqual({
      name: 'x',
      retries: 2,
      enabled: false,
      mode: 'a',
    });
  });

  it('reports every problem with its path and a message naming the field', () => {
    const found = problems({ retries: 9, enabled: 'yes', mode: 'c', schedule: 'every hour', extra: 1 });
    expect(found).toEqual(
      expect.arrayContaining([
        { path: ['config', 'extra'], message: 'Unknown field "extra"' },
        { path: ['config', 'name'], message: 'Name is required' },
        { path: ['config', 'retries'], message: 'Retries must be at most 5' },
        { path: ['config', 'enabled'], message: 'Enabled must be true or false' },
        { path: ['config', 'mode'], message: 'Mode must be one of: "a", "b"' },
        {
          path: ['config', 'schedule'],
          message: expect.stringContaining(
            'Schedule is invalid: "every hour" is not a valid cron expression',
          ),
        },
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it('puts the first problem and the count in the error message', () => {
    expect(() => validateChannelConfig(schema, { retries: 1.5 })).toThrow(
      /^config\.name: Name is required \(and 1 more problem\)$/,
    );
  });

  it('drops hidden fields without complaint and requires a field only while visible', () => {
    expect(
      validateChannelConfig(schema, { name: 'x', onlyB: 'ignored', nested: 'ignored' }),
    ).not.toHaveProperty('onlyB');
    expect(problems({ name: 'x', mode: 'b' })).toEqual([
      { path: ['config', 'onlyB'], message: 'Only B is required' },
    ]);
    expect(problems({ name: 'x', mode: 'b', onlyB: 'yes' })).toEqual([
      { path: ['config', 'nested'], message: 'Nested is required' },
    ]);
    // nested depends on onlyB, which is hidden in mode a: nested is hidden too.
    expect(validateChannelConfig(schema, { name: 'x', mode: 'a', nested: 'z' })).not.toHaveProperty('nested');
  });

  it('treats "" and null as absent', () => {
    expect(validateChannelConfig(schema, { name: 'x', notes: '', retries: null })).toEqual({
      name: 'x',
      retries: 2,
      enabled: false,
      mode: 'a',
    });
  });

  it('checks types strictly (no silent coercion)', () => {
    expect(problems({ name: 'x', retries: '3' })).toEqual([
      { path: ['config', 'retries'], message: 'Retries must be a number' },
    ]);
    expect(problems({ name: 'x', retries: 1.5 })).toEqual([
      { path: ['config', 'retries'], message: 'Retries must be a whole number' },
    ]);
    expect(problems({ name: 'x', retries: -1 })).toEqual([
      { path: ['config', 'retries'], message: 'Retries must be at least 0' },
    ]);
    expect(problems({ name: 'x', retries: Number.NaN })).toEqual([
      { path: ['config', 'retries'], message: 'Retries must be a number' },
    ]);
    expect(problems({ name: ['x'] })).toEqual([{ path: ['config', 'name'], message: 'Name must be text' }]);
    expect(problems({ name: 'a\nb' })).toEqual([
      { path: ['config', 'name'], message: 'Name must be a single line without control characters' },
    ]);
    expect(problems({ name: 'x'.repeat(11) })).toEqual([
      { path: ['config', 'name'], message: 'Name must be at most 10 characters' },
    ]);
    expect(problems({ name: 'x', even: 3 })).toEqual([
      { path: ['config', 'even'], message: 'Even must be even' },
    ]);
  });

  it('keeps multi-line text but refuses control characters in it', () => {
    expect(validateChannelConfig(schema, { name: 'x', notes: 'line 1\r\nline 2\tend' }).notes).toBe(
      'line 1\r\nline 2\tend',
    );
    expect(problems({ name: 'x', notes: 'bell\u0007' })).toEqual([
      { path: ['config', 'notes'], message: 'Notes contains a control character' },
    ]);
  });

  it('refuses a mask that reached validation (it must be merged with the stored value first)', () => {
    expect(problems({ name: 'x', token: SECRET_MASK })[0].message).toContain('was sent masked');
  });

  it('keeps secrets untrimmed (spaces can be part of a password)', () => {
    expect(validateChannelConfig(schema, { name: 'x', token: '  spaced  ' }).token).toBe('  spaced  ');
  });

  it('normalises paths and refuses escapes', () => {
    expect(validateChannelConfig(schema, { name: 'x', folder: ' ./in//daily/ ' }).folder).toBe('in/daily');
    expect(validateChannelConfig(schema, { name: 'x', folder: '/data/in/../out/' }).folder).toBe('/data/out');
    expect(problems({ name: 'x', folder: '../etc' })[0].message).toBe(
      'Folder must not go above its starting folder with ".."',
    );
    expect(problems({ name: 'x', root: 'relative/dir' })[0].message).toBe(
      'Root must be an absolute path (starting with "/")',
    );
    expect(problems({ name: 'x', folder: 'in\\out' })[0].message).toBe(
      'Folder must use "/" as the folder separator',
    );
    expect(problems({ name: 'x', folder: 'in\u0000' })[0].message).toBe(
      'Folder contains a control character',
    );
  });

  it('requires production-only fields on production channels only', () => {
    expect(validateChannelConfig(schema, { name: 'x' }, { production: false })).not.toHaveProperty('pin');
    expect(problems({ name: 'x' }, { production: true })).toEqual([
      { path: ['config', 'pin'], message: 'Pin is required for a production channel' },
    ]);
  });

  it.each([[[]], ['text'], [42]])('refuses a config that is not an object: %j', (input) => {
    expect(problems(input)).toEqual([
      { path: ['config'], message: 'The configuration must be an object of field values' },
    ]);
  });

  it('refuses prototype-polluting keys as unknown fields', () => {
    const hostile = JSON.parse('{"name":"x","__proto__":{"polluted":true},"constructor":1}');
    expect(
      problems(hostile)
        .map((p) => p.path[1])
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('visibility helper follows the schema rules', () => {
    const field = schema.find((f) => f.key === 'onlyB')!;
    expect(isFieldVisible(field, { mode: 'b' }, new Set(['mode']))).toBe(true);
    expect(isFieldVisible(field, { mode: 'b' }, new Set())).toBe(false);
  });

  it('normalizeConfigPath keeps "/" and "."', () => {
    expect(normalizeConfigPath('/')).toEqual({ ok: true, path: '/' });
    expect(normalizeConfigPath('.')).toEqual({ ok: true, path: '.' });
  });
});

describe('SFTP config rules', () => {
  const handler = createSftpHandler();
  const base = { host: 'sftp.vendor.example', username: 'meters', password: 'x' };

  it('fills defaults for a minimal password channel', () => {
    expect(validateHandlerConfig(handler, base)).toEqual({
      ...base,
      port: 22,
      auth: 'password',
      remoteFolder: '.',
      filePattern: '*',
      caseInsensitive: true,
      afterProcessing: 'leave',
      format: 'csv',
      timeZone: 'UTC',
    });
  });

  it.each([
    ['sftp://sftp.vendor.example', 'without "sftp://"'],
    ['sftp.vendor.example:2222', 'put it in Port'],
    ['bad host', 'must be a host name'],
  ])('refuses host %j', (host, message) => {
    expect(() => validateHandlerConfig(handler, { ...base, host })).toThrow(message);
  });

  it('accepts IP addresses', () => {
    expect(validateHandlerConfig(handler, { ...base, host: '::1' }).host).toBe('::1');
    expect(validateHandlerConfig(handler, { ...base, host: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('requires the pinned host key on production channels and checks its format', () => {
    expect(() => validateHandlerConfig(handler, base, { production: true })).toThrow(
      'Host key fingerprint is required for a production channel',
    );
    expect(() => validateHandlerConfig(handler, { ...base, hostKeyFingerprint: 'ab:cd' })).toThrow(
      'must be a SHA256 fingerprint',
    );
    const md5 = '16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48';
    expect(() => validateHandlerConfig(handler, { ...base, hostKeyFingerprint: md5 })).toThrow(
      'is an MD5 fingerprint',
    );
    const pin = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
    expect(
      validateHandlerConfig(handler, { ...base, hostKeyFingerprint: pin }, { production: true })
        .hostKeyFingerprint,
    ).toBe(pin);
  });

  it('requires a private key for key auth and a folder for move', () => {
    expect(() => validateHandlerConfig(handler, { ...base, auth: 'privateKey' })).toThrow(
      'Private key is required',
    );
    expect(() => validateHandlerConfig(handler, { ...base, afterProcessing: 'move' })).toThrow(
      'Move to folder is required',
    );
  });

  it('refuses moving processed files into the folder being read', () => {
    expect(() =>
      validateHandlerConfig(handler, {
        ...base,
        remoteFolder: '/in',
        afterProcessing: 'move',
        moveToFolder: '/in/',
      }),
    ).toThrow('must differ from the folder');
    expect(
      validateHandlerConfig(handler, {
        ...base,
        remoteFolder: '/in',
        afterProcessing: 'move',
        moveToFolder: 'done',
      }).moveToFolder,
    ).toBe('done');
  });

  it('refuses a bad file pattern with the pattern problem', () => {
    expect(() => validateHandlerConfig(handler, { ...base, filePattern: 'in/*.csv' })).toThrow(
      'File pattern must not contain "/"',
    );
  });

  it('the schema declares the fields the brief names', () => {
    expect(sftpConfigSchema.map((f) => f.key)).toEqual([
      'host',
      'port',
      'username',
      'auth',
      'password',
      'privateKey',
      'passphrase',
      'hostKeyFingerprint',
      'remoteFolder',
      'filePattern',
      'caseInsensitive',
      'afterProcessing',
      'moveToFolder',
      'format',
      'formatOptions',
      'timeZone',
    ]);
  });
});
