import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealed secrets: channel passwords and keys encrypted at rest with AES-256-GCM.
 *
 *   v1:<kid>:<iv>:<tag>:<ciphertext>        (iv, tag, ciphertext in base64url)
 *
 * - The key comes from UTILITIES_ENCRYPTION_KEY (32 bytes, base64 or hex) or is derived
 *   with HKDF-SHA256 from the app's admin encryption key; the caller passes the material.
 * - The associated data binds a sealed value to its record and field: a value copied into
 *   another channel, or from `password` into `passphrase`, fails to open instead of
 *   silently becoming that other secret.
 * - The key id lets keys rotate: a keyring seals with its active key and opens with any
 *   key it holds, so old values stay readable until they are re-saved.
 */

export const SEALED_PREFIX = 'v1:';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

export type SecretKey = { id: string; key: Buffer };
export type Keyring = { readonly active: SecretKey; readonly keys: ReadonlyMap<string, SecretKey> };
/** Where a sealed value lives: the record (use something known before insert and immutable — the channel code) and the field key. */
export type SealContext = { record: string; field: string };

export type SecretSealErrorCode = 'malformed' | 'unknown-key' | 'tampered' | 'bad-key';

export class SecretSealError extends Error {
  constructor(
    readonly code: SecretSealErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretSealError';
  }
}

/**
 * Reads UTILITIES_ENCRYPTION_KEY: exactly 32 bytes as 64 hex characters or as base64 /
 * base64url (43 characters, optionally padded). Anything else is refused rather than
 * stretched, because a short or mistyped key would be silently weak.
 */
export function parseEncryptionKey(value: string): Buffer {
  const text = typeof value === 'string' ? value.trim() : '';
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SecretSealError(
    'bad-key',
    'UTILITIES_ENCRYPTION_KEY must be 32 random bytes written as 64 hex characters or 44 base64 characters ' +
      '(generate one with: openssl rand -base64 32)',
  );
}

/**
 * Derives the sealing key from the app's admin encryption key (a string of any form),
 * for apps that set no UTILITIES_ENCRYPTION_KEY. HKDF with a fixed, plugin-specific
 * salt and info: the derived key is useless for anything the admin key protects.
 */
export function deriveKeyFromAppSecret(appSecret: string): Buffer {
  if (typeof appSecret !== 'string' || appSecret.length < 16) {
    throw new SecretSealError(
      'bad-key',
      'The app encryption key (admin.secrets.encryptionKey) is missing or shorter than 16 characters; ' +
        'set it or set UTILITIES_ENCRYPTION_KEY',
    );
  }
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(appSecret, 'utf8'),
      'strapi-plugin-utilities',
      'channel-secrets/v1',
      KEY_BYTES,
    ),
  );
}

/** A stable, non-secret id of a key: 8 base64url characters of a hash of it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('strapi-plugin-utilities/kid\0')
    .update(key)
    .digest('base64url')
    .slice(0, 8);
}

export type KeyInput = Buffer | { id?: string; key: Buffer };

/** One active key to seal with, plus previous keys that still open old values. */
export function createKeyring(options: { active: KeyInput; previous?: KeyInput[] }): Keyring {
  const active = toSecretKey(options.active);
  const keys = new Map<string, SecretKey>([[active.id, active]]);
  for (const input of options.previous ?? []) {
    const key = toSecretKey(input);
    const existing = keys.get(key.id);
    if (existing && !existing.key.equals(key.key)) {
      throw new SecretSealError('bad-key', `Two different keys share the key id "${key.id}"`);
    }
    if (!existing) keys.set(key.id, key);
  }
  return { active, keys };
}

function toSecretKey(input: KeyInput): SecretKey {
  const { id, key } = Buffer.isBuffer(input) ? { id: undefined, key: input } : input;
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretSealError('bad-key', `A sealing key must be exactly ${KEY_BYTES} bytes`);
  }
  const kid = id ?? keyIdOf(key);
  if (!KID_PATTERN.test(kid))
    throw new SecretSealError('bad-key', `Key id "${kid}" may contain only letters, digits, "_" and "-"`);
  return { id: kid, key: Buffer.from(key) };
}

function associatedData(kid: string, context: SealContext): Buffer {
  if (
    typeof context.record !== 'string' ||
    context.record === '' ||
    typeof context.field !== 'string' ||
    context.field === ''
  ) {
    throw new SecretSealError('malformed', 'A sealed secret needs its record and field names');
  }
  // JSON keeps the parts unambiguous ("a:b"+"c" never equals "a"+"b:c").
  return Buffer.from(
    JSON.stringify(['strapi-plugin-utilities/secret', 'v1', kid, context.record, context.field]),
    'utf8',
  );
}

export function seal(keyring: Keyring, plaintext: string, context: SealContext): string {
  if (typeof plaintext !== 'string') throw new TypeError('Only text can be sealed');
  const { id, key } = keyring.active;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(id, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${SEALED_PREFIX}${id}:${iv.toString('base64url')}:${tag.toString('base64url')}:${ciphertext.toString('base64url')}`;
}

/** Does the string have the shape of a sealed value? (It says nothing about whether it opens.) */
export function isSealed(value: unknown): boolean {
  if (typeof value !== 'string' || !value.startsWith(SEALED_PREFIX)) return false;
  const parts = value.split(':');
  return (
    parts.length === 5 &&
    KID_PATTERN.test(parts[1]) &&
    parts[2].length > 0 &&
    parts[3].length > 0 &&
    parts.slice(2).every((p) => B64URL.test(p))
  );
}

export function open(keyring: Keyring, sealed: string, context: SealContext): string {
  const where = `${context.record}/${context.field}`;
  if (!isSealed(sealed)) {
    throw new SecretSealError(
      'malformed',
      `The stored secret ${where} is not a sealed value; enter the secret again`,
    );
  }
  const [, kid, ivText, tagText, dataText] = sealed.split(':');
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretSealError(
      'malformed',
      `The stored secret ${where} is damaged (bad nonce or tag length); enter the secret again`,
    );
  }
  const entry = keyring.keys.get(kid);
  if (!entry) {
    throw new SecretSealError(
      'unknown-key',
      `The stored secret ${where} was sealed with key "${kid}", which is not in the keyring ` +
        `(active key "${keyring.active.id}"). Add the previous encryption key to the keyring, or enter the secret again`,
    );
  }
  const decipher = createDecipheriv(ALGORITHM, entry.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(kid, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretSealError(
      'tampered',
      `The stored secret ${where} failed its integrity check: it was altered, or it belongs to another record or field. ` +
        'Enter the secret again',
    );
  }
}
