import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  createKeyring,
  deriveKeyFromAppSecret,
  isSealed,
  keyIdOf,
  open,
  parseEncryptionKey,
  seal,
  SecretSealError,
} from '../../../src/channels';

const key = randomBytes(32);
const keyring = createKeyring({ active: key });
const where = { record: 'VENDOR_SFTP', field: 'password' };

function sealError(fn: () => unknown): SecretSealError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretSealError);
    return error as SecretSealError;
  }
  throw new Error('expected a SecretSealError');
}

/** Flips one bit of the base64url part `index` (2 = iv, 3 = tag, 4 = ciphertext). */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('sealing', () => {
  it('round-trips any text, including unicode and newlines, with a fresh nonce each time', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (text) => open(keyring, seal(keyring, text, where), where) === text,
      ),
    );
    const a = seal(keyring, 'same', where);
    const b = seal(keyring, 'same', where);
    expect(a).not.toBe(b);
  });

  it('produces v1:<kid>:<iv>:<tag>:<ciphertext> without the plaintext in it', () => {
    const sealed = seal(keyring, 'hunter2-secret', where);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed.split(':')[1]).toBe(keyIdOf(key));
    expect(sealed).not.toContain('hunter2');
    expect(Buffer.from(sealed.split(':')[4], 'base64url').toString('latin1')).not.toContain('hunter2');
    expect(isSealed(sealed)).toBe(true);
  });

  it.each(['', 'plain', 'v1:', 'v1:kid:a:b', 'v2:abc:aa:bb:cc', 'v1:k!d:aa:bb:cc', 42, null])(
    'isSealed(%j) is false',
    (value) => {
      expect(isSealed(value)).toBe(false);
    },
  );

  it.each([
    ['ciphertext', 4],
    ['tag', 3],
    ['nonce', 2],
  ])('refuses a value whose %s was changed', (_what, index) => {
    const sealed = seal(keyring, 'top secret', where);
    const error = sealError(() => open(keyring, flip(sealed, index), where));
    expect(error.code).toBe('tampered');
    expect(error.message).toContain('VENDOR_SFTP/password failed its integrity check');
  });

  it('refuses a value moved to another record or another field', () => {
    const sealed = seal(keyring, 'top secret', where);
    expect(sealError(() => open(keyring, sealed, { record: 'OTHER', field: 'password' })).code).toBe(
      'tampered',
    );
    expect(sealError(() => open(keyring, sealed, { record: 'VENDOR_SFTP', field: 'passphrase' })).code).toBe(
      'tampered',
    );
  });

  it('refuses a value whose key id was rewritten to another key in the ring', () => {
    const other = randomBytes(32);
    const ring = createKeyring({ active: key, previous: [other] });
    const sealed = seal(ring, 'top secret', where);
    const swapped = sealed.replace(`:${keyIdOf(key)}:`, `:${keyIdOf(other)}:`);
    expect(sealError(() => open(ring, swapped, where)).code).toBe('tampered');
  });

  it('names the unknown key id and tells how to fix it', () => {
    const sealed = seal(createKeyring({ active: randomBytes(32) }), 'x', where);
    const error = sealError(() => open(keyring, sealed, where));
    expect(error.code).toBe('unknown-key');
    expect(error.message).toContain(`sealed with key "${sealed.split(':')[1]}"`);
    expect(error.message).toContain('Add the previous encryption key');
  });

  it('refuses malformed values (not sealed, truncated nonce) clearly', () => {
    expect(sealError(() => open(keyring, 'plaintext', where)).code).toBe('malformed');
    const sealed = seal(keyring, 'x', where).split(':');
    sealed[2] = sealed[2].slice(0, 4);
    expect(sealError(() => open(keyring, sealed.join(':'), where)).code).toBe('malformed');
  });

  it('rotates: a new active key seals, the old key still opens old values', () => {
    const oldRing = createKeyring({ active: key });
    const oldValue = seal(oldRing, 'from last year', where);
    const newKey = randomBytes(32);
    const rotated = createKeyring({ active: newKey, previous: [key] });
    expect(open(rotated, oldValue, where)).toBe('from last year');
    const newValue = seal(rotated, 'fresh', where);
    expect(newValue.split(':')[1]).toBe(keyIdOf(newKey));
    expect(sealError(() => open(oldRing, newValue, where)).code).toBe('unknown-key');
  });

  it('accepts explicit key ids and refuses two different keys under one id', () => {
    const ring = createKeyring({ active: { id: '2024-q1', key } });
    expect(seal(ring, 'x', where).split(':')[1]).toBe('2024-q1');
    expect(() =>
      createKeyring({ active: { id: 'k', key }, previous: [{ id: 'k', key: randomBytes(32) }] }),
    ).toThrow('share the key id');
    expect(() => createKeyring({ active: { id: 'bad:id', key } })).toThrow(SecretSealError);
    expect(() => createKeyring({ active: randomBytes(16) })).toThrow('exactly 32 bytes');
  });
});

describe('key material', () => {
  it('reads UTILITIES_ENCRYPTION_KEY as hex, base64 or base64url', () => {
    expect(parseEncryptionKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(parseEncryptionKey(`  ${key.toString('base64')}\n`).equals(key)).toBe(true);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['not base64', '!'.repeat(44)],
    ['a passphrase', 'my super secret encryption key'],
    ['empty', ''],
  ])('refuses a key that is %s, saying how to generate one', (_why, value) => {
    const error = sealError(() => parseEncryptionKey(value));
    expect(error.code).toBe('bad-key');
    expect(error.message).toContain('openssl rand -base64 32');
  });

  it('derives a stable 32-byte key from the app secret, different per secret', () => {
    const a = deriveKeyFromAppSecret('strapi-admin-encryption-key-value');
    expect(a).toHaveLength(32);
    expect(deriveKeyFromAppSecret('strapi-admin-encryption-key-value').equals(a)).toBe(true);
    expect(deriveKeyFromAppSecret('strapi-admin-encryption-key-other').equals(a)).toBe(false);
    expect(a.equals(Buffer.from('strapi-admin-encryption-key-value').subarray(0, 32))).toBe(false);
    expect(() => deriveKeyFromAppSecret('short')).toThrow('admin.secrets.encryptionKey');
  });
});
