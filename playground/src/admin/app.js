/**
 * The playground's admin: offered in the plugin's languages (English is always
 * there), so the interface language can be set to Deutsch, Français or Italiano
 * under Profile → Interface language — what the i18n browser test does.
 */
export default {
  config: { locales: ['de', 'fr', 'it'] },
  bootstrap() {},
};
