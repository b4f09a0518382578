import type { MessageDescriptor } from 'react-intl';
import { Badge } from '@strapi/design-system';
import { msg, useT } from '../../utils/useT';

/** A charge run's or a settlement's state: both move draft → finalized, or to void. */
export type RunStatus = 'draft' | 'finalized' | 'void';

export const RUN_STATUS_LABEL: Record<RunStatus, MessageDescriptor> = {
  draft: msg('charging.status.draft', 'Draft'),
  finalized: msg('charging.status.finalized', 'Finalized'),
  void: msg('charging.status.void', 'Void'),
};

const VARIANT: Record<RunStatus, 'secondary' | 'success' | 'neutral'> = {
  draft: 'secondary',
  finalized: 'success',
  void: 'neutral',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  return <Badge variant={VARIANT[status]}>{t(RUN_STATUS_LABEL[status])}</Badge>;
}
