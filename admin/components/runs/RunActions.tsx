import { useState } from 'react';
import { Button, Dialog, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../../api/errors';
import { downloadBlob } from '../../utils/download';
import { useT } from '../../utils/useT';
import type { RunStatus } from './RunStatusBadge';

/**
 * A run's header buttons — its files to download, Finalize (a draft) and Void — with
 * the confirmation each step asks for and the notification of what happened. Shared
 * by charge runs and settlements of charges, which finalize and void alike.
 */
export function RunActions(props: {
  status: RunStatus;
  canFinalize: boolean;
  downloads: Array<{ label: string; fileName: string; fetch: () => Promise<Blob> }>;
  finalize: () => Promise<unknown>;
  voidRun: () => Promise<unknown>;
  finalizedMessage: string;
  confirmFinalize: string;
  confirmVoid: string;
  onChanged: () => Promise<unknown>;
}) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [confirming, setConfirming] = useState<'finalize' | 'void' | null>(null);

  async function act(what: 'finalize' | 'void') {
    try {
      await (what === 'finalize' ? props.finalize() : props.voidRun());
      toggleNotification({
        type: 'success',
        message: what === 'finalize' ? props.finalizedMessage : t('charging.run.voided', 'Run voided'),
      });
      await props.onChanged();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setConfirming(null);
    }
  }

  async function download(file: (typeof props.downloads)[number]) {
    try {
      downloadBlob(await file.fetch(), file.fileName);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  return (
    <Flex gap={2}>
      {props.downloads.map((file) => (
        <Button
          key={file.label}
          variant="tertiary"
          startIcon={<Download />}
          onClick={() => void download(file)}
        >
          {file.label}
        </Button>
      ))}
      {props.canFinalize && props.status === 'draft' && (
        <Button onClick={() => setConfirming('finalize')}>{t('charging.run.finalize', 'Finalize')}</Button>
      )}
      {props.canFinalize && props.status !== 'void' && (
        <Button variant="danger-light" onClick={() => setConfirming('void')}>
          {t('charging.run.void', 'Void')}
        </Button>
      )}
      <Dialog.Root open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming && (
          <ConfirmDialog onConfirm={() => act(confirming)}>
            {confirming === 'finalize' ? props.confirmFinalize : props.confirmVoid}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Flex>
  );
}
