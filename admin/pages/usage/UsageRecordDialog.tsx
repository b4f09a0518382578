import { Box, Button, Grid, Modal, Typography } from '@strapi/design-system';
import type { UsageRecord } from '../../api/usage-client';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { ModalContent } from '../../components/ModalContent';

/** Every field of one usage record, as stored. */
export function UsageRecordDialog({ record, onClose }: { record: UsageRecord; onClose: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const counter = (n: number) => t('usage.counter-n', 'Counter {n}', { n });
  const fields: Array<[string, string | null]> = [
    [t('usage.device', 'Device'), record.deviceId],
    [t('usage.egroup', 'eGroup'), record.eGroup],
    [t('usage.eid', 'eId'), record.eId],
    [t('usage.event-ref', 'Event ref'), record.eventRef],
    [
      t('usage.col.recorded', 'Recorded (UTC)'),
      record.dtuFromServer
        ? t('usage.stamped', '{time} — stamped by the server', { time: fmt.dateTime(record.dtu, 'UTC') })
        : fmt.dateTime(record.dtu, 'UTC'),
    ],
    [t('usage.device-time', 'Device time, as sent'), record.dt],
    [t('usage.source-ip', 'Source IP'), record.srcIp],
    [counter(1), record.intCounter],
    [counter(2), record.intCounter2],
    [counter(3), record.intCounter3],
    [counter(4), record.intCounter4],
    [counter(5), record.intCounter5],
    [
      t('usage.temperature', 'Temperature'),
      record.temperature === null ? null : fmt.number(record.temperature),
    ],
    [t('usage.badge', 'Badge'), record.badge],
    [
      t('ingestion.fact.source', 'Source'),
      record.source === 'upload'
        ? record.importLog
          ? t('usage.source.upload-log', 'Spreadsheet upload (log {log})', { log: record.importLog })
          : t('usage.source.upload-sheet', 'Spreadsheet upload')
        : record.source === 'batch'
          ? t('usage.source.batch', 'Device batch')
          : t('usage.source.api', 'Device'),
    ],
    [t('usage.received', 'Received'), fmt.dateTime(record.receivedAt)],
  ];
  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>{t('usage.record-title', 'Usage record {id}', { id: record.id })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={3}>
            {fields.map(([label, value]) => (
              <Grid.Item key={label} col={6} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {label}
                </Typography>
                <Typography>{value ?? '—'}</Typography>
              </Grid.Item>
            ))}
          </Grid.Root>
          {record.eventData && (
            <Box paddingTop={4}>
              <Typography variant="sigma" textColor="neutral600">
                {t('usage.event-data', 'Event data')}
              </Typography>
              <Box background="neutral100" padding={3} hasRadius>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {JSON.stringify(record.eventData, null, 2)}
                </pre>
              </Box>
            </Box>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
