import { Box, Button, Grid, Modal, Typography } from '@strapi/design-system';
import type { UsageRecord } from '../../api/usage-client';

/** Every field of one usage record, as stored. */
export function UsageRecordDialog({ record, onClose }: { record: UsageRecord; onClose: () => void }) {
  const fields: Array<[string, string | null]> = [
    ['Device', record.deviceId],
    ['eGroup', record.eGroup],
    ['eId', record.eId],
    ['Event ref', record.eventRef],
    ['Dtu (UTC)', `${record.dtu}${record.dtuFromServer ? ' — stamped by the server' : ''}`],
    ['Dt (device time, as sent)', record.dt],
    ['Source IP', record.srcIp],
    ['IntCounter', record.intCounter],
    ['IntCounter2', record.intCounter2],
    ['IntCounter3', record.intCounter3],
    ['IntCounter4', record.intCounter4],
    ['IntCounter5', record.intCounter5],
    ['Temperature', record.temperature],
    ['Badge', record.badge],
    [
      'Source',
      record.source === 'upload'
        ? `Spreadsheet upload${record.importLog ? ` (log ${record.importLog})` : ''}`
        : record.source === 'batch'
          ? 'API batch'
          : 'API',
    ],
    ['Received', record.receivedAt],
  ];
  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{`Usage record ${record.id}`}</Modal.Title>
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
                EventDataJ
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
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
