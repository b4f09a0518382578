import { Divider } from '@strapi/design-system';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { BillingPointDetailPage } from './BillingPointDetailPage';
import { BillingPointsPage } from './BillingPointsPage';
import { BadgesPage } from './BadgesPage';
import { BuildingsPage } from './BuildingsPage';
import { PartiesPage } from './PartiesPage';
import { TariffCalendarsPage } from './TariffCalendarsPage';
import { UsageMetricsPage } from './UsageMetricsPage';
import { msg, useT } from '../../utils/useT';
import { BASE } from './format';
import { NotFound } from '../../components/NotFound';

/**
 * Billing (main menu): billing points (list, and a detail with the Meters,
 * Occupants and Rates tabs), buildings, parties, RFID badges and usage metrics.
 * Each page checks its own permission; the server refuses regardless.
 */
export default function BillingApp() {
  const billing = usePluginPermissions('billing');
  const rates = usePluginPermissions('rates');
  const t = useT();
  if (billing.isLoading || rates.isLoading) return <Page.Loading />;
  if (!billing.can.read && !rates.can.read) return <Page.NoPermissions />;
  const nav = (
    <SubNav.Main aria-label={t('menu.billing', 'Billing')}>
      <SubNav.Header label={t('menu.billing', 'Billing')} />
      <Divider />
      <SubNav.Sections>
        <SubNav.Section label={t('billing.nav.places', 'Places')}>
          {
            [
              billing.can.read && (
                <SubNav.Link key="points" to={BASE} end label={t('billing.points.title', 'Billing points')} />
              ),
              billing.can.read && (
                <SubNav.Link
                  key="buildings"
                  to={`${BASE}/buildings`}
                  label={t('billing.buildings.title', 'Buildings')}
                />
              ),
            ].filter(Boolean) as React.ReactNode[]
          }
        </SubNav.Section>
        <SubNav.Section label={t('billing.nav.people', 'People')}>
          {
            [
              billing.can.read && (
                <SubNav.Link
                  key="parties"
                  to={`${BASE}/parties`}
                  label={t('billing.parties.title', 'Parties')}
                />
              ),
              billing.can.read && (
                <SubNav.Link
                  key="badges"
                  to={`${BASE}/rfid-badges`}
                  label={t('billing.badges.title', 'RFID badges')}
                />
              ),
            ].filter(Boolean) as React.ReactNode[]
          }
        </SubNav.Section>
        <SubNav.Section label={t('billing.nav.prices', 'Prices')}>
          {
            [
              rates.can.read && (
                <SubNav.Link
                  key="metrics"
                  to={`${BASE}/usage-metrics`}
                  label={t('billing.metrics.title', 'Usage metrics')}
                />
              ),
              rates.can.read && (
                <SubNav.Link
                  key="calendars"
                  to={`${BASE}/tariff-calendars`}
                  label={t('billing.calendars.title', 'Tariff calendars')}
                />
              ),
            ].filter(Boolean) as React.ReactNode[]
          }
        </SubNav.Section>
      </SubNav.Sections>
    </SubNav.Main>
  );
  return (
    <Layouts.Root sideNav={nav}>
      <Routes>
        <Route index element={billing.can.read ? <BillingPointsPage /> : <UsageMetricsPage />} />
        <Route path="billing-points/:id" element={<BillingPointDetailPage />} />
        <Route path="buildings" element={<BuildingsPage />} />
        <Route path="parties" element={<PartiesPage />} />
        <Route path="rfid-badges" element={<BadgesPage />} />
        <Route path="usage-metrics" element={<UsageMetricsPage />} />
        <Route path="tariff-calendars" element={<TariffCalendarsPage />} />
        <Route
          path="*"
          element={<NotFound back={BASE} backLabel={msg('billing.points.title', 'Billing points')} />}
        />
      </Routes>
    </Layouts.Root>
  );
}
