import { Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { PullProgress } from './usePullNow';

/** "Pulling: 1 of 3 files done, 45,000 rows stored so far" beside a channel's pull button. */
export function PullProgressText({ progress }: { progress: PullProgress | undefined }) {
  const t = useT();
  if (!progress) return null;
  return (
    <Typography variant="pi" textColor="neutral600" role="status">
      {t(
        'channels.pull.progress',
        'Pulling: {done, number} of {total, plural, one {# file} other {# files}} done, {rows, number} rows stored so far',
        progress,
      )}
    </Typography>
  );
}
