import type { Core } from '@strapi/strapi';
import {
  createKeyring,
  deriveKeyFromAppSecret,
  parseEncryptionKey,
  SecretSealError,
  type KeyInput,
  type Keyring,
} from '../../../src/channels/secret-sealing';
import type { PluginConfig } from '../../config';

/**
 * The keyring channel secrets are sealed with. Its active key is, in this order:
 *
 *   1. the plugin config `encryptionKey`,
 *   2. the environment variable UTILITIES_ENCRYPTION_KEY,
 *   3. a key derived (HKDF) from the app's own `admin.secrets.encryptionKey`.
 *
 * `previousEncryptionKeys` and, when an explicit key is set, the key derived from the
 * app secret stay in the ring to open values sealed before a rotation — so an app that
 * starts setting UTILITIES_ENCRYPTION_KEY keeps reading its channels. With no key at all
 * the plugin refuses to start: storing passwords unencrypted is not an option.
 */
export const MISSING_KEY_MESSAGE =
  'strapi-plugin-utilities needs an encryption key for channel secrets: set UTILITIES_ENCRYPTION_KEY ' +
  '(generate one with: openssl rand -base64 32), the plugin config "encryptionKey", or the app\'s admin.secrets.encryptionKey';

export function buildKeyring(options: {
  configured?: string;
  env?: string;
  appSecret?: unknown;
  previous?: string[];
}): Keyring {
  const previous: KeyInput[] = (options.previous ?? []).map((text) => parseEncryptionKey(text));
  const appKey =
    typeof options.appSecret === 'string' && options.appSecret !== ''
      ? deriveKeyFromAppSecret(options.appSecret)
      : null;
  const explicit = options.configured?.trim()
    ? options.configured
    : options.env?.trim()
      ? options.env
      : undefined;
  if (explicit !== undefined) {
    return createKeyring({
      active: parseEncryptionKey(explicit),
      previous: [...previous, ...(appKey ? [appKey] : [])],
    });
  }
  if (!appKey) throw new SecretSealError('bad-key', MISSING_KEY_MESSAGE);
  return createKeyring({ active: appKey, previous });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let keyring: Keyring | null = null;
  return {
    /** Built once; throws (failing start-up when called from register) if no key can be had. */
    keyring(): Keyring {
      if (!keyring) {
        const config = strapi.config.get<PluginConfig>('plugin::utilities');
        try {
          keyring = buildKeyring({
            configured: config.encryptionKey,
            env: process.env.UTILITIES_ENCRYPTION_KEY,
            appSecret: strapi.config.get('admin.secrets.encryptionKey'),
            previous: config.previousEncryptionKeys,
          });
        } catch (error) {
          // The message names the setting, never the value.
          const message = (error as Error).message;
          throw new Error(
            message.startsWith('strapi-plugin-utilities') ? message : `strapi-plugin-utilities: ${message}`,
            { cause: error },
          );
        }
      }
      return keyring;
    },
  };
};
