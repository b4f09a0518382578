import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { useChargingApi, type ChargeRun } from '../../api/charging-client';
import { NotFound } from '../../components/NotFound';
import { CHARGE_RUN_STATUSES, runColumns, RunsListPage } from '../../components/runs/RunsListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { CHARGING_BASE, scopeText, totalsText } from './labels';
import { NewRunModal } from './NewRunModal';
import { RunDetailPage } from './RunDetailPage';
import { useScopeNames } from './useScopeNames';

export { CHARGING_BASE };

/**
 * Charging (main menu): charge runs — start a run (draft), the list, a run's
 * invoices and exceptions, finalize (with confirmation) or void, the statement
 * of building charges as CSV or XLSX; an invoice's lines. Buttons show only
 * what the user's actions allow; the server refuses the rest regardless.
 */
export default function ChargingPage() {
  const { can, isLoading } = usePluginPermissions('charging');
  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Routes>
      <Route index element={<RunsPage />} />
      <Route path="runs/:id" element={<RunDetailPage />} />
      <Route
        path="*"
        element={<NotFound back={CHARGING_BASE} backLabel={msg('charging.runs.title', 'Charge runs')} />}
      />
    </Routes>
  );
}

const runPath = (run: { documentId: string }) => `${CHARGING_BASE}/runs/${run.documentId}`;

function RunsPage() {
  const { can } = usePluginPermissions('charging');
  const api = useChargingApi();
  const t = useT();
  const fmt = useFormat();
  const scopes = useScopeNames();
  return (
    <RunsListPage<ChargeRun>
      menuTitle={t('menu.charging', 'Charging')}
      title={t('charging.runs.title', 'Charge runs')}
      subtitle={t(
        'charging.runs.subtitle',
        'Invoices per occupant and billing point from readings and usage records; vacancy goes to the owner.',
      )}
      newLabel={t('charging.runs.new', 'New run')}
      canRun={can.run}
      emptyText={t('charging.runs.empty', 'No charge runs yet.')}
      exportName="charge-runs"
      load={(params) => api.runs.list(params)}
      byStatus
      statuses={CHARGE_RUN_STATUSES}
      detailPath={runPath}
      newRun={(props) => <NewRunModal {...props} />}
      columns={[
        ...runColumns<ChargeRun>(t, fmt, runPath),
        {
          name: 'scope',
          label: t('field.scope', 'Scope'),
          text: (run) => scopeText(run.scope, t, scopes.name),
        },
        { name: 'gross', label: t('charging.gross', 'Gross'), text: (run) => totalsText(run, fmt) },
        {
          name: 'exceptions',
          label: t('charging.exceptions', 'Exceptions'),
          width: '8rem',
          text: (run) => String(run.exceptions.length),
        },
        { name: 'createdBy', label: t('charging.run-by', 'Run by'), text: (run) => run.createdBy || '—' },
        {
          name: 'createdAt',
          label: t('run.col.created', 'Run on'),
          sortable: true,
          text: (run) => fmt.dateTime(run.createdAt),
        },
      ]}
    />
  );
}
