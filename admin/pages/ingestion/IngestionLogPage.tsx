import { Button } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIngestionApi } from '../../api/ingestion-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { IngestionLogList } from './IngestionLogList';

/** Settings → Utilities → Ingestion log: every file any channel processed. */
export default function IngestionLogPage() {
  const { can, isLoading } = usePluginPermissions('ingestion-log');
  const channels = usePluginPermissions('channels');
  const api = useIngestionApi();
  const { toggleNotification } = useNotification();
  if (isLoading || channels.isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function reconstruct() {
    try {
      const { created } = await api.reconstructLegacy();
      toggleNotification({
        type: 'success',
        message: `${created.length} legacy log(s) reconstructed from stored readings`,
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error).message });
    }
  }

  return (
    <Page.Main>
      <Page.Title>Ingestion log</Page.Title>
      <Layouts.Header
        title="Ingestion log"
        subtitle="Every reading file processed, and the outcome of each row."
        primaryAction={
          channels.can.write ? (
            <Button variant="secondary" onClick={reconstruct}>
              Reconstruct legacy logs
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
