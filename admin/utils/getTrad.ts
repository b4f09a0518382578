import { PLUGIN_ID } from '../../src/permissions';

/** A catalogue key with the plugin's prefix, as Strapi's own plugins name theirs ("utilities.x.y"). */
export const getTrad = (id: string) => `${PLUGIN_ID}.${id}`;

/**
 * Catalogue files hold keys without the prefix (Strapi's convention); the admin
 * merges every plugin's strings into one dictionary, so they get it on load.
 */
export function prefixPluginTranslations(trads: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(trads).map(([key, value]) => [getTrad(key), value]));
}
