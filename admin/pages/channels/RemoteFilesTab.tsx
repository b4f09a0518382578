import { useCallback, useEffect, useState } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useChannelsApi, type ChannelDto, type RemoteFileDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { FILE_STATUS } from './format';
import { usePullNow } from './usePullNow';

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
  const [files, setFiles] = useState<RemoteFileDto[] | null>(null);
  const [lastSuccess, setLastSuccess] = useState<string | null>(channel.lastSuccessfulPullAt);
  const [failed, setFailed] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const result = await api.remoteFiles(channel.documentId);
      setFiles(result.files);
      setLastSuccess(result.lastSuccessfulPullAt);
      setFailed(null);
    } catch (error) {
      setFailed(toApiFailure(error, t).message);
    } finally {
      setLoading(false);
    }
  }, [api, channel.documentId, t]);
  const { pull, pulling } = usePullNow((result) => {
    if (result) {
      setFiles(result.files);
      setLastSuccess(result.startedAt);
    }
    onPulled();
  });

  useEffect(() => {
    load();
  }, [load]);

  return (
    <Box>
      <Flex justifyContent="space-between" paddingBottom={4} gap={2} wrap="wrap">
        <Typography textColor="neutral600">
          {t('channels.last-success', 'Last successful pull: {time}', { time: fmt.dateTime(lastSuccess) })}
        </Typography>
        <Flex gap={2}>
          <Button variant="secondary" startIcon={<ArrowClockwise />} loading={loading} onClick={load}>
            {t('common.refresh', 'Refresh')}
          </Button>
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
