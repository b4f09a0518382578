import { actionUid, PLUGIN_ID } from '../src/permissions';
import type { StrapiApp } from '@strapi/strapi/admin';
import { ChartBubble, ChartPie, Lightning, PriceTag, Store, Sun, User } from '@strapi/icons';
import { moduleFilter } from './rbac/module-filter';
import { MemberLinksPanel } from './pages/members/MemberLinksPanel';
import { prefixPluginTranslations } from './utils/getTrad';
import { msg } from './utils/useT';

/**
 * The catalogues, by interface language. Static imports (not a dynamic
 * `import(\`./translations/${locale}.json\`)`) so the plugin bundle carries all
 * four and a missing one is a build error, not a silently English admin.
 */
import de from './translations/de.json';
import en from './translations/en.json';
import fr from './translations/fr.json';
import it from './translations/it.json';

const CATALOGUES: Record<string, Record<string, string>> = { de, en, fr, it };

/** The part of the content manager's plugin API this plugin calls (a side panel on the edit view). */
type ContentManagerApis = { addEditViewSidePanel: (panels: (typeof MemberLinksPanel)[]) => void };

/**
 * The plugin's admin: a "Utilities" section in Settings (the guide's
 * Settings → Utilities), one link per screen, each shown only to users holding
 * its read action — and, through the RBAC middleware, only while its module is on.
 */
export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Utilities' });

    app.addSettingsLink({ id: PLUGIN_ID, intlLabel: msg('settings.section', 'Utilities') }, [
      {
        id: 'utilities-utility-types',
        to: 'utilities/utility-types',
        intlLabel: msg('settings.utility-types', 'Utility types'),
        permissions: [{ action: actionUid('types.read'), subject: null }],
        Component: () => import('./pages/settings/UtilityTypesPage'),
      },
      {
        id: 'utilities-activation',
        to: 'utilities/activation',
        intlLabel: msg('settings.activation', 'Activation'),
        permissions: [{ action: actionUid('activation.read'), subject: null }],
        Component: () => import('./pages/settings/ActivationPage'),
      },
      {
        id: 'utilities-channels',
        to: 'utilities/channels',
        intlLabel: msg('settings.channels', 'Channels'),
        permissions: [{ action: actionUid('channels.read'), subject: null }],
        Component: () => import('./pages/channels/ChannelsPage'),
      },
      {
        id: 'utilities-ingestion-log',
        to: 'utilities/ingestion-log',
        intlLabel: msg('settings.ingestion-log', 'Ingestion log'),
        permissions: [{ action: actionUid('ingestion-log.read'), subject: null }],
        Component: () => import('./pages/ingestion/IngestionLogPage'),
      },
      {
        id: 'utilities-validation',
        to: 'utilities/validation',
        intlLabel: msg('settings.validation', 'Correction queue'),
        permissions: [{ action: actionUid('validation.read'), subject: null }],
        Component: () => import('./pages/validation/CorrectionQueuePage'),
      },
      {
        id: 'utilities-billing-documents',
        to: 'utilities/billing-documents',
        intlLabel: msg('settings.billing-documents', 'Billing documents'),
        permissions: [{ action: actionUid('documents.read'), subject: null }],
        Component: () => import('./pages/settings/BillingDocumentsPage'),
      },
      {
        id: 'utilities-modules',
        to: 'utilities/modules',
        intlLabel: msg('settings.modules', 'Modules'),
        permissions: [{ action: actionUid('settings.read'), subject: null }],
        Component: () => import('./pages/settings/ModulesPage'),
      },
    ]);

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/meters`,
      icon: Lightning,
      intlLabel: msg('menu.meters', 'Meters'),
      permissions: [{ action: actionUid('devices.read'), subject: null }],
      Component: () => import('./pages/catalog/MetersPage'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/usage-records`,
      icon: ChartBubble,
      intlLabel: msg('menu.usage-records', 'Usage records'),
      // Readers see the list; importers the upload (the page shows what each may do).
      permissions: [
        { action: actionUid('usage-records.read'), subject: null },
        { action: actionUid('usage-records.import'), subject: null },
      ],
      Component: () => import('./pages/usage/UsageRecordsPage'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/billing`,
      // Not a house: Strapi's own Home uses that one.
      icon: Store,
      intlLabel: msg('menu.billing', 'Billing'),
      // Billing points, buildings, parties and badges (billing.read); usage metrics (rates.read).
      permissions: [
        { action: actionUid('billing.read'), subject: null },
        { action: actionUid('rates.read'), subject: null },
      ],
      Component: () => import('./pages/billing/BillingApp'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/charging`,
      icon: PriceTag,
      intlLabel: msg('menu.charging', 'Charging'),
      // Charge runs, invoices and statements (charging.read); run / finalize show inside.
      permissions: [{ action: actionUid('charging.read'), subject: null }],
      Component: () => import('./pages/charging/ChargingPage'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/communities`,
      icon: Sun,
      intlLabel: msg('menu.communities', 'Solar communities'),
      permissions: [{ action: actionUid('communities.read'), subject: null }],
      Component: () => import('./pages/communities/CommunitiesPage'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/allocation`,
      icon: ChartPie,
      intlLabel: msg('menu.allocation', 'Cost allocation'),
      // Settlements of charges and cost items (allocation.read); run / finalize show inside.
      permissions: [{ action: actionUid('allocation.read'), subject: null }],
      Component: () => import('./pages/allocation/AllocationPage'),
    });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/members`,
      icon: User,
      intlLabel: msg('menu.members', 'Members'),
      // A member's derived utility links, read-only (links.read); claims need billing.read / write.
      permissions: [{ action: actionUid('links.read'), subject: null }],
      Component: () => import('./pages/members/MembersPage'),
    });

    app.addRBACMiddleware(moduleFilter);
  },

  bootstrap(app: Pick<StrapiApp, 'getPlugin'>) {
    // The member's utility links on the users-permissions user's edit view (shown with links.read only).
    // Cast: a plugin's apis are typed Record<string, unknown>; this is the content manager's one we use.
    const contentManager = app.getPlugin('content-manager')?.apis as ContentManagerApis | undefined;
    contentManager?.addEditViewSidePanel([MemberLinksPanel]);
  },

  /** The admin asks for each interface language it offers; keys get the plugin prefix (Strapi's convention). */
  registerTrads({ locales }: { locales: string[] }) {
    return Promise.resolve(
      locales.map((locale) => ({
        data: prefixPluginTranslations(CATALOGUES[locale] ?? CATALOGUES[locale.split('-')[0]] ?? {}),
        locale,
      })),
    );
  },
};
