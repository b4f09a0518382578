import { randomBytes } from 'node:crypto';
import {
  createKeyring,
  isSealed,
  mask,
  mergeSecrets,
  open,
  redactForResponse,
  redactSecrets,
  REDACTED,
  revealForHandler,
  SECRET_MASK,
  secretValuesOf,
  sftpConfigSchema,
  validateChannelConfig,
} from '../../../src/channels';
import { DomainError } from '../../../src/common/errors';

const keyring = createKeyring({ active: randomBytes(32) });
const scope = { keyring, record: 'VENDOR_SFTP' };
const schema = sftpConfigSchema;
const base = { host: 'sftp.vendor.example', username: 'meters', auth: 'password' };

function saveNew(incoming: Record<string, unknown>) {
  return validateChannelConfig(schema, mergeSecrets(schema, incoming, null, scope));
}

describe('write-only secrets', () => {
  it('seals a new secret and masks it in responses', () => {
    const stored = saveNew({ ...base, password: 'p@ss w0rd' });
    expect(isSealed(stored.password)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('p@ss w0rd');
    expect(open(keyring, String(stored.password), { record: 'VENDOR_SFTP', field: 'password' })).toBe(
      'p@ss w0rd',
    );
    const shown = redactForResponse(schema, stored);
    expect(shown.password).toBe(SECRET_MASK);
    expect(shown.host).toBe('sftp.vendor.example');
  });

  it('masks set secrets and shows nothing for unset ones', () => {
    expect(mask('v1:anything')).toBe(SECRET_MASK);
    expect(mask('')).toBeUndefined();
    expect(mask(undefined)).toBeUndefined();
    const shown = redactForResponse(schema, { ...base, passphrase: '' });
    expect(shown).not.toHaveProperty('passphrase');
    expect(shown).not.toHaveProperty('password');
  });

  it('does not keep the stored secret when the host or username changes: it must be entered again', () => {
    const stored = saveNew({ ...base, password: 'original' });
    for (const change of [{ host: 'other.example' }, { username: 'someone-else' }]) {
      for (const incoming of [
        { ...base, ...change, password: SECRET_MASK },
        { ...base, ...change },
      ]) {
        let error: unknown;
        try {
          mergeSecrets(schema, incoming, stored, scope);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        const problem = (error as DomainError).details.errors as { path: string[]; message: string }[];
        expect(problem[0].path).toEqual(['config', 'password']);
        expect(problem[0].message).toMatch(/^Password must be entered again: the (host|username) changed/);
      }
      // Typed again, it is saved.
      const retyped = mergeSecrets(schema, { ...base, ...change, password: 'again' }, stored, scope);
      expect(open(keyring, String(retyped.password), { record: 'VENDOR_SFTP', field: 'password' })).toBe(
        'again',
      );
    }
    // The port alone may change (the same server on another port).
    expect(mergeSecrets(schema, { ...base, port: 2222 }, stored, scope).password).toBe(stored.password);
  });

  it('keeps the stored secret when the mask is sent back or the field is omitted', () => {
    const stored = saveNew({ ...base, password: 'original' });
    const withMask = validateChannelConfig(
      schema,
      mergeSecrets(schema, { ...base, password: SECRET_MASK, port: 2222 }, stored, scope),
    );
    expect(withMask.password).toBe(stored.password);
    expect(withMask.port).toBe(2222);
    const omitted = validateChannelConfig(schema, mergeSecrets(schema, { ...base }, stored, scope));
    expect(omitted.password).toBe(stored.password);
  });

  it('replaces the secret when a new value is typed', () => {
    const stored = saveNew({ ...base, password: 'original' });
    const next = validateChannelConfig(
      schema,
      mergeSecrets(schema, { ...base, password: 'changed' }, stored, scope),
    );
    expect(revealForHandler(schema, next, scope).password).toBe('changed');
  });

  it('clears an optional secret with "" or null', () => {
    const keyBase = { ...base, auth: 'privateKey', privateKey: 'KEY' };
    const stored = saveNew({ ...keyBase, passphrase: 'pp' });
    expect(isSealed(stored.passphrase)).toBe(true);
    for (const cleared of ['', null]) {
      const next = validateChannelConfig(
        schema,
        mergeSecrets(schema, { ...keyBase, privateKey: SECRET_MASK, passphrase: cleared }, stored, scope),
      );
      expect(next).not.toHaveProperty('passphrase');
      expect(isSealed(next.privateKey)).toBe(true);
    }
  });

  it('clearing a required secret is refused by validation', () => {
    const stored = saveNew({ ...base, password: 'original' });
    expect(() =>
      validateChannelConfig(schema, mergeSecrets(schema, { ...base, password: '' }, stored, scope)),
    ).toThrow('Password is required');
  });

  it('a mask with nothing stored is no value (required → refused)', () => {
    expect(() => saveNew({ ...base, password: SECRET_MASK })).toThrow('Password is required');
  });

  it('drops the stored private key when auth switches to password', () => {
    const stored = saveNew({ ...base, auth: 'privateKey', privateKey: 'KEY', passphrase: 'pp' });
    const next = validateChannelConfig(
      schema,
      mergeSecrets(schema, { ...base, auth: 'password', password: 'pw' }, stored, scope),
    );
    expect(next).not.toHaveProperty('privateKey');
    expect(next).not.toHaveProperty('passphrase');
  });

  it('never trusts an incoming value that looks sealed: it is sealed again as plain text', () => {
    const other = saveNew({ ...base, password: 'someone else' });
    const planted = saveNew({ ...base, password: String(other.password) });
    expect(revealForHandler(schema, planted, scope).password).toBe(other.password);
  });

  it('refuses non-text and oversized secrets with the field path', () => {
    for (const [value, message] of [
      [12345, 'Password must be text'],
      ['x'.repeat(20_000), 'Password must be at most 16384 characters'],
    ] as const) {
      try {
        mergeSecrets(schema, { ...base, password: value }, null, scope);
        throw new Error('expected a DomainError');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details.errors).toEqual([
          expect.objectContaining({ path: ['config', 'password'], message }),
        ]);
      }
    }
  });

  it('a sealed secret cannot be revealed under another record', () => {
    const stored = saveNew({ ...base, password: 'original' });
    expect(() => revealForHandler(schema, stored, { keyring, record: 'OTHER_CHANNEL' })).toThrow(
      'failed its integrity check',
    );
  });

  it('lists revealed secrets for redaction', () => {
    const stored = saveNew({
      ...base,
      auth: 'privateKey',
      privateKey: 'KEY-MATERIAL',
      passphrase: 'pp-secret',
    });
    const revealed = revealForHandler(schema, stored, scope);
    expect(secretValuesOf(schema, revealed).sort()).toEqual(['KEY-MATERIAL', 'pp-secret']);
  });
});

describe('redactSecrets', () => {
  it('removes every occurrence, longest first, and the URL-encoded form', () => {
    const text = 'login failed for sftp://meters:p%40ss%20w0rd@host with p@ss w0rd (p@ss w0rd)';
    const out = redactSecrets(text, ['p@ss w0rd', 'p@ss']);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain('p%40ss');
    expect(out).toBe(`login failed for sftp://meters:${REDACTED}@host with ${REDACTED} (${REDACTED})`);
  });

  it('removes lines of a multi-line key quoted on their own', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
    const out = redactSecrets(
      'bad key line: b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ near AAAAAAABAAAAMwAAAAtzc2gtZW',
      [key],
    );
    expect(out).toBe(`bad key line: ${REDACTED} near ${REDACTED}`);
  });

  it('ignores empty and missing secrets', () => {
    expect(redactSecrets('nothing secret', ['', undefined, null])).toBe('nothing secret');
  });
});
