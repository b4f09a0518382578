import { useState } from 'react';
import { Button, Dialog, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../ConfirmDialog';
import { toApiFailure } from '../../api/errors';
import { downloadBlob } from '../../utils/download';
import { useT } from '../../utils/useT';
import type { RunStatus } from './RunStatusBadge';

/**
 * A run's header buttons — its files to download, Finalize (a draft) and Void — with
 * the confirmation each step asks for and the notification of what happened. Shared
 * by charge runs and settlements of charges, which finalize and void alike.
 */
export function RunActions<Voided>(props: {
  status: RunStatus;
  canFinalize: boolean;
  /** The run's statement files: a label per format, the file name without extension, the fetch. */
  files: {
    csvLabel: string;
    xlsxLabel: string;
    name: string;
    fetch: (format: 'csv' | 'xlsx') => Promise<Blob>;
  };
  finalize: () => Promise<unknown>;
  voidRun: () => Promise<Voided>;
  /** The notification after a void, from what the void answered ("Run voided" when not given). */
  voidedMessage?: (result: Voided) => string;
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
      let message = props.finalizedMessage;
      if (what === 'finalize') await props.finalize();
      else {
        const result = await props.voidRun();
        message = props.voidedMessage?.(result) ?? t('charging.run.voided', 'Run voided');
      }
      toggleNotification({ type: 'success', message });
      await props.onChanged();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setConfirming(null);
    }
  }

  async function download(format: 'csv' | 'xlsx') {
    try {
      downloadBlob(await props.files.fetch(format), `${props.files.name}.${format}`);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  return (
    <Flex gap={2}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          variant="tertiary"
          startIcon={<Download />}
          onClick={() => void download(format)}
        >
          {format === 'csv' ? props.files.csvLabel : props.files.xlsxLabel}
        </Button>
      ))}
      {props.canFinalize && props.status === 'draft' && (
        <Button onClick={() => setConfirming('finalize')}>{t('charging.run.finalize', 'Finalize')}</Button>
      )}
      {props.canFinalize && (props.status === 'draft' || props.status === 'finalized') && (
        <Button variant="danger-light" onClick={() => setConfirming('void')}>
          {t('charging.run.void', 'Void')}
        </Button>
      )}
      <Dialog.Root open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming && (
          <ConfirmDialog
            variant={confirming === 'finalize' ? 'default' : 'danger'}
            onConfirm={() => act(confirming)}
          >
            {confirming === 'finalize' ? props.confirmFinalize : props.confirmVoid}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Flex>
  );
}
