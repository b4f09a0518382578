import { Button } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIngestionApi } from '../../api/ingestion-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../utils/useT';
import { IngestionLogList } from './IngestionLogList';

/** Settings → Utilities → Ingestion log: every file any channel processed. */
export default function IngestionLogPage() {
  const { can, isLoading } = usePluginPermissions('ingestion-log');
  const channels = usePluginPermissions('channels');
  const api = useIngestionApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  if (isLoading || channels.isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function reconstruct() {
    try {
      const { created } = await api.reconstructLegacy();
      toggleNotification({
        type: 'success',
        message: t(
          'ingestion.reconstructed',
          '{count, plural, one {# earlier log} other {# earlier logs}} reconstructed from stored readings',
          { count: created.length },
        ),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    }
  }

  return (
    <Page.Main>
      <Page.Title>{t('ingestion.title', 'Ingestion log')}</Page.Title>
      <Layouts.Header
        title={t('ingestion.title', 'Ingestion log')}
        subtitle={t('ingestion.subtitle', 'Every reading file processed, and the outcome of each row.')}
        primaryAction={
          channels.can.write ? (
            <Button variant="secondary" onClick={() => void reconstruct()}>
              {t('ingestion.reconstruct', 'Reconstruct earlier logs')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <IngestionLogList />
      </Layouts.Content>
    </Page.Main>
  );
}
