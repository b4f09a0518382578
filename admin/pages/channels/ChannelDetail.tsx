import { useCallback, useState } from 'react';
import { Alert, Badge, Box, Button, Dialog, Flex, Tabs, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNavigate, useParams } from 'react-router-dom';
import {
  useChannelsApi,
  type ChannelDto,
  type HandlerDto,
  type TestResultDto,
} from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { IngestionLogList } from '../ingestion/IngestionLogList';
import { ChannelForm } from './ChannelForm';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { CHANNEL_STATUS, CHANNELS_BASE } from './format';
import { RemoteFilesTab } from './RemoteFilesTab';
import { PullProgressText } from './PullProgressText';
import { usePullNow } from './usePullNow';
import { NotFound } from '../../components/NotFound';

/**
 * A channel's detail page: status line, Test connection / Pull now / Delete, and the
 * tabs Configuration (the form, code and handler locked), Ingestion log and Remote files.
 */
export function ChannelDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { can, isLoading } = usePluginPermissions('channels');
  const logs = usePluginPermissions('ingestion-log');
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const loaded = useLoader(
    async () => {
      const [found, available] = await Promise.all([api.get(id), api.handlers()]);
      return { channel: found, handlers: available };
    },
    [api, id],
    can.read,
  );
  // The channel the form just saved, shown until the next load asks the server again.
  const [saved, setSaved] = useState<ChannelDto | null>(null);
  const channel = saved?.documentId === id ? saved : (loaded.data?.channel ?? null);
  const handlers: HandlerDto[] = loaded.data?.handlers ?? [];
  const failed = loaded.error;
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestResultDto | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const { reload } = loaded;
  const load = useCallback(async () => {
    await reload();
    setSaved(null);
  }, [reload]);
  const { pull, pulling, progress } = usePullNow(() => void load());

  async function testConnection() {
    if (!channel) return;
    setTesting(true);
    setTestResult(null);
    try {
      setTestResult(await api.test(channel.documentId));
    } catch (error) {
      setTestResult({ ok: false, code: 'request', retryable: true, message: toApiFailure(error, t).message });
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    if (!channel) return;
    try {
      await api.remove(channel.documentId);
      toggleNotification({
        type: 'success',
        message: t('common.deleted', '{name} deleted', { name: channel.name }),
      });
      navigate('..', { relative: 'path' });
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    } finally {
      setDeleting(false);
    }
  }

  if (isLoading || logs.isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  if (failed)
    return <NotFound back={CHANNELS_BASE} backLabel={msg('channels.title', 'Channels')} reason={failed} />;
  if (!channel) return <Page.Loading />;

  const status = CHANNEL_STATUS[channel.status];
  return (
    <Page.Main>
      <Page.Title>{channel.name}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback="../channels" />}
        title={channel.name}
        subtitle={t(
          'channels.detail.subtitle',
          '{code} · {handler} · {production, select, true {production} other {test}}',
          {
            code: channel.code,
            handler: channel.handlerName ?? channel.handler,
            production: channel.production ? 'true' : 'false',
          },
        )}
        primaryAction={
          <Flex gap={2}>
            {can.write && (
              <Button variant="secondary" loading={testing} onClick={testConnection}>
                {t('channels.test-connection', 'Test connection')}
              </Button>
            )}
            {can.write && channel.capabilities.pull && channel.active && (
              <Button loading={pulling.has(channel.documentId)} onClick={() => void pull(channel)}>
                {t('channels.pull-now', 'Pull now')}
              </Button>
            )}
            {can.delete && (
              <Button variant="danger-light" onClick={() => setDeleting(true)}>
                {t('common.delete', 'Delete')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" padding={4} hasRadius shadow="filterShadow">
            <Flex gap={6} wrap="wrap">
              <Badge backgroundColor={status.background} textColor={status.text}>
                {t(status.label)}
              </Badge>
              <Typography>
                {t('channels.last-pull', 'Last pull: {time}', { time: fmt.dateTime(channel.lastPullAt) })}
              </Typography>
              <Typography>
                {t('channels.last-success', 'Last successful pull: {time}', {
                  time: fmt.dateTime(channel.lastSuccessfulPullAt),
                })}
              </Typography>
              <Typography>
                {channel.schedule
                  ? t('channels.next-pull', 'Next scheduled pull: {time} ({schedule})', {
                      time: fmt.dateTime(channel.nextRunAt),
                      schedule: channel.schedule,
                    })
                  : t('channels.manual-only', 'Pulled manually only')}
              </Typography>
              <PullProgressText progress={progress.get(channel.documentId)} />
            </Flex>
            {channel.lastError && (
              <Box paddingTop={3}>
                <Typography textColor="danger600">
                  {t('channels.last-error', 'Last error: {error}', { error: channel.lastError })}
                </Typography>
              </Box>
            )}
          </Box>
          {testResult && (
            <Alert
              closeLabel={t('common.close', 'Close')}
              title={
                testResult.ok
                  ? t('channels.test.ok', 'Connection OK')
                  : t('channels.test.failed', 'Connection failed')
              }
              variant={testResult.ok ? 'success' : 'danger'}
              onClose={() => setTestResult(null)}
              data-testid="test-connection-result"
            >
              {testResult.message}
            </Alert>
          )}
          <Tabs.Root defaultValue="configuration">
            <Tabs.List aria-label={t('channels.tabs', 'Channel')}>
              <Tabs.Trigger value="configuration">
                {t('channels.tab.configuration', 'Configuration')}
              </Tabs.Trigger>
              <Tabs.Trigger value="ingestion-log">
                {t('channels.tab.ingestion-log', 'Ingestion log')}
              </Tabs.Trigger>
              {channel.capabilities.remoteFiles && (
                <Tabs.Trigger value="remote-files">
                  {t('channels.tab.remote-files', 'Remote files')}
                </Tabs.Trigger>
              )}
            </Tabs.List>
            <Box background="neutral0" padding={6} hasRadius shadow="filterShadow">
              <Tabs.Content value="configuration">
                <ChannelForm
                  key={formKey}
                  handlers={handlers}
                  existing={channel}
                  readOnly={!can.write}
                  onSaved={(stored) => {
                    setSaved(stored);
                    setFormKey((k) => k + 1);
                  }}
                />
              </Tabs.Content>
              <Tabs.Content value="ingestion-log">
                {logs.can.read ? (
                  <IngestionLogList channelId={channel.documentId} />
                ) : (
                  <Typography>
                    {t('channels.no-log-permission', 'Your role may not read the ingestion log.')}
                  </Typography>
                )}
              </Tabs.Content>
              {channel.capabilities.remoteFiles && (
                <Tabs.Content value="remote-files">
                  <RemoteFilesTab channel={channel} canPull={can.write} onPulled={() => void load()} />
                </Tabs.Content>
              )}
            </Box>
          </Tabs.Root>
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={deleting} onOpenChange={(open: boolean) => !open && setDeleting(false)}>
        {deleting && (
          <ConfirmDialog onConfirm={remove}>
            {t(
              'channels.detail.confirm-delete',
              'Delete the channel {name} ({code})? This cannot be undone. Its ingestion logs and readings stay.',
              { name: channel.name, code: channel.code },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}
