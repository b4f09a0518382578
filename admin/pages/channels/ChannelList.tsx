import { useState } from 'react';
import { Badge, Button, Dialog, Flex, IconButton, Modal, Typography } from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNavigate } from 'react-router-dom';
import { useChannelsApi, type ChannelDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { CellText, DataTable, type DataColumn } from '../../components/DataTable';
import { SearchField } from '../../components/SearchField';
import { useFilterDraft, useListQuery } from '../../hooks/useListQuery';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { ChannelForm } from './ChannelForm';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { CHANNEL_STATUS, CHANNELS_BASE } from './format';
import { PullProgressText } from './PullProgressText';
import { usePullNow } from './usePullNow';
import { ModalContent } from '../../components/ModalContent';

/**
 * The channels list (the guide's Settings → Utilities → Channels) as Strapi's lists
 * are: search by code or name, sortable columns, page and size in the URL, CSV. Name,
 * code, handler, status and last pull; Add channel (the new channel opens), Pull now
 * for handlers that pull (only the channel being pulled waits), Edit and Delete —
 * each shown only to users holding its action.
 */
export function ChannelList() {
  const { can, isLoading } = usePluginPermissions('channels');
  const api = useChannelsApi();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const t = useT();
  const fmt = useFormat();
  const list = useListQuery(['q']);
  const [draft, setDraft] = useFilterDraft({ q: list.filters.q });
  const channels = useLoader(() => api.list(list.params), [api, list.params], can.read);
  const handlers = useLoader(() => api.handlers(), [api], can.write);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ChannelDto | null>(null);
  const { pull, pulling, progress } = usePullNow(() => void channels.reload());

  async function remove(channel: ChannelDto) {
    try {
      await api.remove(channel.documentId);
      toggleNotification({
        type: 'success',
        message: t('common.deleted', '{name} deleted', { name: channel.name }),
      });
      await channels.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    } finally {
      setDeleting(null);
    }
  }

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  const columns: DataColumn<ChannelDto>[] = [
    {
      name: 'name',
      label: t('channels.col.name', 'Name'),
      sortable: true,
      text: (c) => c.name,
      cell: (c) => <CellText text={c.name} bold />,
    },
    { name: 'code', label: t('channels.col.code', 'Code'), sortable: true, text: (c) => c.code },
    {
      name: 'handler',
      label: t('channels.col.handler', 'Handler'),
      sortable: true,
      text: (c) =>
        c.handlerName ?? t('channels.handler-missing', '{handler} (missing)', { handler: c.handler }),
    },
    {
      name: 'active',
      label: t('channels.col.status', 'Status'),
      sortable: true,
      width: '12rem',
      text: (c) => t(CHANNEL_STATUS[c.status].label),
      cell: (c) => {
        const status = CHANNEL_STATUS[c.status];
        return (
          <Badge backgroundColor={status.background} textColor={status.text} title={c.lastError ?? undefined}>
            {t(status.label)}
          </Badge>
        );
      },
    },
    {
      name: 'lastPullAt',
      label: t('channels.col.last-pull', 'Last pull'),
      sortable: true,
      text: (c) => fmt.dateTime(c.lastPullAt),
    },
  ];
  const actions = (channel: ChannelDto) => (
    <Flex gap={1}>
      <PullProgressText progress={progress.get(channel.documentId)} />
      {can.write && channel.capabilities.pull && channel.active && (
        <IconButton
          label={t('channels.pull-now-named', 'Pull now {name}', { name: channel.name })}
          // Only this channel waits for its pull; the others can be pulled meanwhile.
          disabled={pulling.has(channel.documentId)}
          onClick={() => void pull(channel)}
        >
          <ArrowClockwise />
        </IconButton>
      )}
      {can.write && (
        <IconButton
          label={t('list.edit', 'Edit {name}', { name: channel.name })}
          onClick={() => navigate(`${CHANNELS_BASE}/${channel.documentId}`)}
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
  );

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
        {channels.error && <Typography textColor="danger600">{channels.error}</Typography>}
        {!channels.data && !channels.error && <Page.Loading />}
        <DataTable
          columns={columns}
          result={channels.data}
          emptyText={
            list.filters.q
              ? t('list.no-match', 'Nothing matches these filters.')
              : can.write
                ? t('channels.empty-writer', 'No channels yet. Add one to start receiving reading files.')
                : t('channels.empty', 'No channels yet.')
          }
          rowKey={(c) => c.documentId}
          rowTestId={(c) => `channel-${c.code}`}
          onRowClick={(c) => navigate(`${CHANNELS_BASE}/${c.documentId}`)}
          actions={{ label: t('list.actions', 'Actions'), cell: actions }}
          toolbar={
            <SearchField
              value={draft.q}
              label={t('channels.search', 'Search channels')}
              placeholder={t('channels.search-placeholder', 'Search by code or name')}
              onChange={(q) => {
                setDraft({ q });
                list.setFilters({ q }, { replace: true });
              }}
            />
          }
          exportCsv={{
            name: 'channels',
            loadPage: (page, pageSize) => api.list({ ...list.params, page, pageSize }),
          }}
        />
      </Layouts.Content>

      {adding && (
        <Modal.Root open onOpenChange={(open: boolean) => !open && setAdding(false)}>
          <ModalContent>
            <Modal.Header>
              <Modal.Title>{t('channels.add', 'Add channel')}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <ChannelForm
                handlers={handlers.data ?? []}
                existing={null}
                onCancel={() => setAdding(false)}
                onSaved={(created) => {
                  // The new channel opens: its page tests the connection and shows the remote files.
                  setAdding(false);
                  navigate(`${CHANNELS_BASE}/${created.documentId}`);
                }}
              />
            </Modal.Body>
          </ModalContent>
        </Modal.Root>
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open: boolean) => !open && setDeleting(null)}>
        {deleting && (
          <ConfirmDialog onConfirm={() => void remove(deleting)}>
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
