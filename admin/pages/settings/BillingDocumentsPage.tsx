import { Box, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useDocumentsApi } from '../../api/documents-client';
import { RunTabs } from '../../components/runs/RunTabs';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../utils/useT';
import { BuildingIssuers } from './documents/BuildingIssuers';
import { EmailSettingsForm } from './documents/EmailSettingsForm';
import { IssuerForm } from './documents/IssuerForm';

/**
 * Settings → Utilities → Billing documents: the default issuer printed on invoices
 * and credit notes, a building's own issuer, and the mail server invoices are sent
 * through. Read with documents.read; changed with documents.settings (without it
 * the forms are shown read-only and have no Save button).
 */
export default function BillingDocumentsPage() {
  const t = useT();
  const api = useDocumentsApi();
  const { can, isLoading } = usePluginPermissions('documents');
  const { data, error, reload } = useLoader(
    async () => {
      const [settings, email] = await Promise.all([api.settings.get(), api.settings.email()]);
      return { settings, email };
    },
    [api],
    can.read,
  );

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  if (error) return <Page.Error />;
  if (!data) return <Page.Loading />;

  const title = t('documents.title', 'Billing documents');
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'documents.subtitle',
          'Who issues the invoices and credit notes, how they are numbered and paid, and how they are e-mailed.',
        )}
      />
      <Layouts.Content>
        {!can.settings && (
          <Box paddingBottom={4}>
            <Typography textColor="neutral600">
              {t('common.read-only', 'You can view these settings but not change them.')}
            </Typography>
          </Box>
        )}
        <RunTabs
          label={title}
          tabs={[
            {
              value: 'issuer',
              label: t('documents.tab.issuer', 'Default issuer'),
              content: (
                <IssuerForm
                  initial={data.settings.default}
                  canEdit={can.settings}
                  save={api.settings.putDefault}
                  savedMessage={t('documents.issuer.saved', 'Issuer settings saved')}
                  onSaved={() => void reload()}
                />
              ),
            },
            {
              value: 'buildings',
              label: t('documents.tab.buildings', 'Buildings ({count})', {
                count: data.settings.buildings.length,
              }),
              content: (
                <BuildingIssuers
                  settings={data.settings}
                  canEdit={can.settings}
                  reload={() => void reload()}
                />
              ),
            },
            {
              value: 'email',
              label: t('documents.tab.email', 'E-mail'),
              content: <EmailSettingsForm initial={data.email} canEdit={can.settings} />,
            },
          ]}
        />
      </Layouts.Content>
    </Page.Main>
  );
}
