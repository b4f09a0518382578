import { randomBytes } from 'node:crypto';
import { buildKeyring, MISSING_KEY_MESSAGE } from '../../../server/services/channels/channel-secrets';
import { deriveKeyFromAppSecret, keyIdOf, open, seal } from '../../../src/channels/secret-sealing';

const APP_SECRET = 'the-app-admin-encryption-key-0123456789';
const explicit = randomBytes(32);
const ctx = { record: 'VENDOR_SFTP', field: 'password' };

describe('the channel keyring (plugin start-up)', () => {
  test('the plugin config key wins over the environment and the app secret', () => {
    const other = randomBytes(32).toString('hex');
    const ring = buildKeyring({ configured: explicit.toString('base64'), env: other, appSecret: APP_SECRET });
    expect(ring.active.id).toBe(keyIdOf(explicit));
  });

  test('the environment key is used when the config has none', () => {
    const ring = buildKeyring({ env: explicit.toString('hex'), appSecret: APP_SECRET });
    expect(ring.active.id).toBe(keyIdOf(explicit));
  });

  test('without either, the key is derived from the app secret', () => {
    const ring = buildKeyring({ appSecret: APP_SECRET });
    expect(ring.active.key.equals(deriveKeyFromAppSecret(APP_SECRET))).toBe(true);
  });

  test('values sealed with the derived key still open after an explicit key is set', () => {
    const before = buildKeyring({ appSecret: APP_SECRET });
    const sealed = seal(before, 'vendor-password', ctx);
    const after = buildKeyring({ env: explicit.toString('hex'), appSecret: APP_SECRET });
    expect(after.active.id).not.toBe(before.active.id);
    expect(open(after, sealed, ctx)).toBe('vendor-password');
  });

  test('previous keys keep opening values after a rotation', () => {
    const old = randomBytes(32);
    const sealed = seal(buildKeyring({ configured: old.toString('hex') }), 'p', ctx);
    const rotated = buildKeyring({ configured: explicit.toString('hex'), previous: [old.toString('hex')] });
    expect(open(rotated, sealed, ctx)).toBe('p');
  });

  test('no key at all fails with a message naming the settings', () => {
    expect(() => buildKeyring({})).toThrow(MISSING_KEY_MESSAGE);
    expect(() => buildKeyring({ appSecret: '' })).toThrow('UTILITIES_ENCRYPTION_KEY');
  });

  test('a malformed key is refused without echoing it', () => {
    const bad = 'not-a-real-key-but-a-secret-nonetheless';
    expect(() => buildKeyring({ env: bad })).toThrow(/64 hex characters/);
    try {
      buildKeyring({ env: bad });
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
