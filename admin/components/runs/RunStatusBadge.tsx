import type { MessageDescriptor } from 'react-intl';
import { Badge } from '@strapi/design-system';
import { msg, useT } from '../../utils/useT';

/**
 * A charge run's or a settlement's state: both move draft → finalized, or to void. A charge
 * run is also `running` while charged in the background and `failed` if it stopped.
 */
export type RunStatus = 'draft' | 'finalized' | 'void' | 'running' | 'failed';

export const RUN_STATUS_LABEL: Record<RunStatus, MessageDescriptor> = {
  draft: msg('charging.status.draft', 'Draft'),
  finalized: msg('charging.status.finalized', 'Finalized'),
  void: msg('charging.status.void', 'Void'),
  running: msg('charging.status.running', 'Running'),
  failed: msg('charging.status.failed', 'Failed'),
};

const VARIANT: Record<RunStatus, 'secondary' | 'success' | 'neutral' | 'warning' | 'danger'> = {
  draft: 'secondary',
  finalized: 'success',
  void: 'neutral',
  running: 'warning',
  failed: 'danger',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  return <Badge variant={VARIANT[status]}>{t(RUN_STATUS_LABEL[status])}</Badge>;
}
