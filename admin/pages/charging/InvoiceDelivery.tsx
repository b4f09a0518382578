import { useEffect, useState } from 'react';
import { Badge, Box, Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { ChargeRunDetail } from '../../api/charging-client';
import { useDocumentsApi, type Delivery } from '../../api/documents-client';
import { toApiFailure } from '../../api/errors';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { msg, useT, type Translate } from '../../utils/useT';

const DELIVERY_LABEL = {
  sent: msg('documents.delivery.sent', 'Sent'),
  failed: msg('documents.delivery.failed', 'Failed'),
  'no-address': msg('documents.delivery.no-address', 'No e-mail address'),
  queued: msg('documents.delivery.queued', 'Queued'),
};
const DELIVERY_VARIANT = {
  sent: 'success',
  failed: 'danger',
  'no-address': 'warning',
  queued: 'secondary',
} as const;
/** While a run's e-mails go out in the background, its list is read again this often. */
const POLL_MS = 2000;

/** An invoice's e-mail delivery in words: "Sent", "Failed: <reason>", "No e-mail address", "Not sent". */
export function deliveryText(delivery: Delivery | null | undefined, t: Translate): string {
  if (!delivery) return t('documents.delivery.not-sent', 'Not sent');
  const label = t(DELIVERY_LABEL[delivery.status]);
  return delivery.status === 'failed' && delivery.error
    ? t('documents.delivery.failed-reason', '{label}: {reason}', { label, reason: delivery.error })
    : label;
}

export function DeliveryBadge({ delivery }: { delivery: Delivery | null | undefined }) {
  const t = useT();
  return (
    <Badge variant={delivery ? DELIVERY_VARIANT[delivery.status] : 'neutral'}>
      {delivery ? t(DELIVERY_LABEL[delivery.status]) : t('documents.delivery.not-sent', 'Not sent')}
    </Badge>
  );
}

/** The delivery column of a run's invoices: the status, and a failure's reason beside it. */
export function DeliveryCell({ delivery }: { delivery: Delivery | null | undefined }) {
  return (
    <Flex gap={2} alignItems="center">
      <DeliveryBadge delivery={delivery} />
      {delivery?.status === 'failed' && delivery.error && (
        <Typography variant="pi" textColor="danger600" ellipsis title={delivery.error}>
          {delivery.error}
        </Typography>
      )}
    </Flex>
  );
}

/**
 * A finalized run's e-mails: how many invoices went out, failed or have no address,
 * and (with documents.send) sending those not yet sent, or all of them again. They
 * are sent in the background; the list is read again until none is queued.
 */
export function RunDelivery({ run, reloadRun }: { run: ChargeRunDetail; reloadRun: () => Promise<void> }) {
  const t = useT();
  const api = useDocumentsApi();
  const { can } = usePluginPermissions('documents');
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);
  const [confirmAll, setConfirmAll] = useState(false);
  const count = (status: Delivery['status']) =>
    run.invoices.filter((i) => i.delivery?.status === status).length;
  const queued = count('queued');

  useEffect(() => {
    if (!queued) return undefined;
    const timer = setTimeout(() => void reloadRun(), POLL_MS);
    return () => clearTimeout(timer);
  }, [queued, run, reloadRun]);

  async function send(all: boolean) {
    setBusy(true);
    try {
      const result = await api.runs.send(run.documentId, all);
      toggleNotification({
        type: 'success',
        message: t(
          'documents.send.run-queued',
          '{queued, plural, =0 {Nothing to send: every invoice has been sent.} one {# invoice is being e-mailed.} other {# invoices are being e-mailed.}}',
          { queued: result.queued },
        ),
      });
      await reloadRun();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box paddingBottom={4}>
      <Flex gap={4} wrap="wrap" justifyContent="space-between" alignItems="center">
        <Typography textColor="neutral600" data-testid="run-delivery-summary">
          {t(
            'documents.delivery.summary',
            'E-mail: {sent} sent · {failed} failed · {noAddress} without address · {queued} queued · {notSent} not sent',
            {
              sent: count('sent'),
              failed: count('failed'),
              noAddress: count('no-address'),
              queued,
              notSent: run.invoices.filter((i) => !i.delivery).length,
            },
          )}
        </Typography>
        {can.send && (
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Mail />} loading={busy} onClick={() => void send(false)}>
              {t('documents.send.run', 'E-mail invoices not yet sent')}
            </Button>
            <Button variant="tertiary" disabled={busy} onClick={() => setConfirmAll(true)}>
              {t('documents.send.run-all', 'Send all again')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Dialog.Root open={confirmAll} onOpenChange={(open) => !open && setConfirmAll(false)}>
        {confirmAll && (
          <ConfirmDialog variant="default" onConfirm={() => send(true)}>
            {t(
              'documents.send.confirm-all',
              'E-mail all {count, plural, one {# invoice} other {# invoices}} of this run again, also those already sent?',
              { count: run.invoices.length },
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Box>
  );
}
