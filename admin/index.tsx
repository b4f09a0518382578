import { actionUid, PLUGIN_ID } from '../src/permissions';
import { Lightning } from '@strapi/icons';
import { moduleFilter } from './rbac/module-filter';

const label = (id: string, defaultMessage: string) => ({ id: `${PLUGIN_ID}.${id}`, defaultMessage });

/**
 * The plugin's admin: a "Utilities" section in Settings (the guide's
 * Settings → Utilities), one link per screen, each shown only to users holding
 * its read action — and, through the RBAC middleware, only while its module is on.
 */
export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Utilities' });

    app.addSettingsLink({ id: PLUGIN_ID, intlLabel: label('settings.section', 'Utilities') }, [
      {
        id: 'utilities-utility-types',
        to: 'utilities/utility-types',
        intlLabel: label('settings.utility-types', 'Utility types'),
        permissions: [{ action: actionUid('types.read'), subject: null }],
        Component: () => import('./pages/settings/UtilityTypesPage'),
      },
      {
        id: 'utilities-activation',
        to: 'utilities/activation',
        intlLabel: label('settings.activation', 'Activation'),
        permissions: [{ action: actionUid('activation.read'), subject: null }],
        Component: () => import('./pages/settings/ActivationPage'),
      },
      {
        id: 'utilities-modules',
        to: 'utilities/modules',
        intlLabel: label('settings.modules', 'Modules'),
        permissions: [{ action: actionUid('settings.read'), subject: null }],
        Component: () => import('./pages/settings/ModulesPage'),
      },
    ]);

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/meters`,
      icon: Lightning,
      intlLabel: label('menu.meters', 'Meters'),
      permissions: [{ action: actionUid('devices.read'), subject: null }],
      Component: () => import('./pages/catalog/MetersPage'),
    });

    app.addRBACMiddleware(moduleFilter);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    // Strings ship as defaultMessage; no extra translations yet.
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
