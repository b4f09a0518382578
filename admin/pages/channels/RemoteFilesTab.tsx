import { useState } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useChannelsApi, type ChannelDto, type RemoteFileDto } from '../../api/channels-client';
import { useLoader } from '../../hooks/useLoader';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { FILE_STATUS } from './format';
import { PullProgressText } from './PullProgressText';
import { usePullNow } from './usePullNow';

type Snapshot = { files: RemoteFileDto[]; lastSuccessfulPullAt: string | null };

/**
 * Remote files (the guide's channel detail tab): what the source holds now, each file's
 * processing status from the ingestion log, and the last successful pull time.
 */
export function RemoteFilesTab({
  channel,
  canPull,
  onPulled,
}: {
  channel: ChannelDto;
  canPull: boolean;
  onPulled: () => void;
}) {
  const api = useChannelsApi();
  const t = useT();
  const fmt = useFormat();
  const remote = useLoader(() => api.remoteFiles(channel.documentId), [api, channel.documentId]);
  // What a pull just read: shown until the next refresh, which asks the source again.
  const [pulled, setPulled] = useState<Snapshot | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const view: Snapshot | null = pulled ?? remote.data;
  const files = view?.files ?? null;
  const lastSuccess = view ? view.lastSuccessfulPullAt : channel.lastSuccessfulPullAt;
  const failed = remote.error;
  const loading = refreshing || (!remote.data && !remote.error);

  async function refresh() {
    setRefreshing(true);
    await remote.reload();
    setPulled(null);
    setRefreshing(false);
  }
  const { pull, pulling, progress } = usePullNow((result) => {
    if (result) setPulled({ files: result.files, lastSuccessfulPullAt: result.startedAt });
    // A pull that ran in the background brings no file list: ask the source again.
    else void refresh();
    onPulled();
  });

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4} gap={2} wrap="wrap">
        <Typography textColor="neutral600">
          {t('channels.last-success', 'Last successful pull: {time}', { time: fmt.dateTime(lastSuccess) })}
        </Typography>
        <Flex gap={2}>
          <Button
            variant="secondary"
            startIcon={<ArrowClockwise />}
            loading={loading}
            onClick={() => void refresh()}
          >
            {t('common.refresh', 'Refresh')}
          </Button>
          <PullProgressText progress={progress.get(channel.documentId)} />
          {canPull && channel.capabilities.pull && channel.active && (
            <Button loading={pulling.has(channel.documentId)} onClick={() => void pull(channel)}>
              {t('channels.pull-now', 'Pull now')}
            </Button>
          )}
        </Flex>
      </Flex>
      {failed && (
        <Box paddingBottom={4}>
          <Typography textColor="danger600" data-testid="remote-files-error">
            {failed}
          </Typography>
        </Box>
      )}
      {files && (
        <Table colCount={4} rowCount={files.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('files.col.file', 'File')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('files.col.size', 'Size')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('files.col.modified', 'Modified')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('files.col.status', 'Status')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {files.length === 0 && (
              <Tr>
                <Td colSpan={4}>
                  <Typography>{t('files.empty', 'No matching files on the source.')}</Typography>
                </Td>
              </Tr>
            )}
            {files.map((file) => {
              const status = FILE_STATUS[file.status];
              return (
                <Tr key={file.path} data-testid={`remote-file-${file.name}`}>
                  <Td>
                    <Typography title={file.path}>{file.name}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.size(file.size)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{fmt.dateTime(file.modifiedAt)}</Typography>
                  </Td>
                  <Td>
                    <Badge backgroundColor={status.background} textColor={status.text}>
                      {t(status.label)}
                    </Badge>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </Box>
  );
}
