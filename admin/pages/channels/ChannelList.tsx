import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Dialog,
  Flex,
  IconButton,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';
import { useChannelsApi, type ChannelDto, type HandlerDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { ChannelForm } from './ChannelForm';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { CHANNEL_STATUS } from './format';
import { usePullNow } from './usePullNow';

/**
 * The channels list (the guide's Settings → Utilities → Channels): name, code, handler,
 * status and last pull time; Add channel, Pull now for handlers that pull, Edit and
 * Delete — each shown only to users holding its action.
 */
export function ChannelList() {
  const { can, isLoading } = usePluginPermissions('channels');
  const api = useChannelsApi();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const [channels, setChannels] = useState<ChannelDto[] | null>(null);
  const [handlers, setHandlers] = useState<HandlerDto[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ChannelDto | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, available] = await Promise.all([api.list({ pageSize: 100 }), api.handlers()]);
      setChannels(list.data);
      setHandlers(available);
      setFailed(null);
    } catch (error) {
      setFailed(toApiFailure(error, t).message);
    }
  }, [api, t]);
  const { pull, pulling } = usePullNow(() => load());

  useEffect(() => {
    if (can.read) load();
  }, [can.read, load]);

  async function remove(channel: ChannelDto) {
    try {
      await api.remove(channel.documentId);
      toggleNotification({
        type: 'success',
        message: t('common.deleted', '{name} deleted', { name: channel.name }),
      });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    } finally {
      setDeleting(null);
    }
  }

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>{t('channels.title', 'Channels')}</Page.Title>
      <Layouts.Header
        title={t('channels.title', 'Channels')}
        subtitle={t(
          'channels.subtitle',
          'Connections to the systems that deliver meter readings, each with its source type',
        )}
        primaryAction={
          can.write ? (
            <Button startIcon={<Plus />} onClick={() => setAdding(true)}>
              {t('channels.add', 'Add channel')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {failed && <Typography textColor="danger600">{failed}</Typography>}
        {!channels && !failed && <Page.Loading />}
        {channels && (
          <Table colCount={6} rowCount={channels.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('channels.col.name', 'Name')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.code', 'Code')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.handler', 'Handler')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.last-pull', 'Last pull')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('list.actions', 'Actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {channels.length === 0 && (
                <Tr>
                  <Td colSpan={6}>
                    <Typography>
                      {can.write
                        ? t(
                            'channels.empty-writer',
                            'No channels yet. Add one to start receiving reading files.',
                          )
                        : t('channels.empty', 'No channels yet.')}
                    </Typography>
                  </Td>
                </Tr>
              )}
              {channels.map((channel) => {
                const status = CHANNEL_STATUS[channel.status];
                return (
                  <Tr
                    key={channel.documentId}
                    data-testid={`channel-${channel.code}`}
                    onClick={() => navigate(channel.documentId)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Td>
                      <Typography fontWeight="bold">{channel.name}</Typography>
                    </Td>
                    <Td>
                      <Typography>{channel.code}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {channel.handlerName ??
                          t('channels.handler-missing', '{handler} (missing)', { handler: channel.handler })}
                      </Typography>
                    </Td>
                    <Td>
                      <Badge
                        backgroundColor={status.background}
                        textColor={status.text}
                        title={channel.lastError ?? undefined}
                      >
                        {t(status.label)}
                      </Badge>
                    </Td>
                    <Td>
                      <Typography>{fmt.dateTime(channel.lastPullAt)}</Typography>
                    </Td>
                    <Td onClick={(e: React.MouseEvent) => e.stopPropagation()}>
                      <Flex gap={1}>
                        {can.write && channel.capabilities.pull && channel.active && (
                          <IconButton
                            label={t('channels.pull-now-named', 'Pull now {name}', { name: channel.name })}
                            disabled={pulling !== null}
                            onClick={() => pull(channel)}
                          >
                            <ArrowClockwise />
                          </IconButton>
                        )}
                        {can.write && (
                          <IconButton
                            label={t('list.edit', 'Edit {name}', { name: channel.name })}
                            onClick={() => navigate(channel.documentId)}
                          >
                            <Pencil />
                          </IconButton>
                        )}
                        {can.delete && (
                          <IconButton
                            label={t('list.delete', 'Delete {name}', { name: channel.name })}
                            onClick={() => setDeleting(channel)}
                          >
                            <Trash />
                          </IconButton>
                        )}
                      </Flex>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>

      {adding && (
        <Modal.Root open onOpenChange={(open: boolean) => !open && setAdding(false)}>
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>{t('channels.add', 'Add channel')}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <ChannelForm
                handlers={handlers}
                existing={null}
                onCancel={() => setAdding(false)}
                onSaved={async () => {
                  setAdding(false);
                  await load();
                }}
              />
            </Modal.Body>
          </Modal.Content>
        </Modal.Root>
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open: boolean) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => remove(deleting)}>
            {t(
              'channels.confirm-delete',
              'Delete the channel {name} ({code})? This cannot be undone. Its ingestion logs and readings stay. To stop it but keep it, deactivate it instead.',
              { name: deleting.name, code: deleting.code },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Page.Main>
  );
}
