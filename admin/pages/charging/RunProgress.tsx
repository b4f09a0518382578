import { useEffect } from 'react';
import { Alert, Box, Flex, ProgressBar, Typography } from '@strapi/design-system';
import type { ChargeRun } from '../../api/charging-client';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { failureText } from './labels';

/** How often a running run is asked for again. */
const POLL_MS = 1500;

/**
 * A run charged in the background: while `running`, its progress (billing points done of
 * the total), asked again every POLL_MS until it ends; when `failed`, why, in the admin's
 * language (by the failure's code; the server's English when the code is unknown).
 */
export function RunProgress({ run, reload }: { run: ChargeRun; reload: () => unknown }) {
  const t = useT();
  const fmt = useFormat();
  const running = run.status === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  const interruptions = run.interruptions.length > 0 && (
    <Box paddingBottom={4} data-testid="run-interruptions">
      <Alert
        variant="warning"
        closeLabel={t('common.close', 'Close')}
        title={t('charging.run.interrupted-title', 'The database connection was lost during this run')}
      >
        {run.interruptions.map((i) => (
          <Typography key={i.at} tag="p">
            {t(
              'charging.run.interrupted',
              'Interrupted at {time}; resumed by itself at {resumedAt}, from billing point {done, number} of {total, number}. No billing point was charged twice.',
              {
                time: fmt.dateTime(i.at),
                resumedAt: fmt.dateTime(i.resumedAt),
                done: i.done,
                total: run.progress?.total ?? 0,
              },
            )}
          </Typography>
        ))}
      </Alert>
    </Box>
  );

  if (running) {
    const done = run.progress?.done ?? 0;
    const total = run.progress?.total ?? 0;
    const percent = total ? Math.floor((done / total) * 100) : 0;
    return (
      <>
        {interruptions}
        <Box paddingBottom={4} data-testid="run-progress">
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography>
              {t(
                'charging.run.progress',
                'Charging in the background: {done, number} of {total, plural, one {# billing point} other {# billing points}} done ({percent, number}%). This page updates by itself.',
                { done, total, percent },
              )}
            </Typography>
            <ProgressBar
              value={percent}
              aria-label={t('charging.run.progress-label', 'Charge run progress')}
            />
          </Flex>
        </Box>
      </>
    );
  }
  if (run.status === 'failed' && run.failure)
    return (
      <>
        {interruptions}
        <Box paddingBottom={4}>
          <Alert
            variant="danger"
            closeLabel={t('common.close', 'Close')}
            title={t('charging.run.failed-title', 'This run failed')}
          >
            {failureText(run.failure, t)}
          </Alert>
        </Box>
      </>
    );
  return interruptions || null;
}
