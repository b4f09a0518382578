import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useChargingApi, type ChargeRunDetail } from '../../api/charging-client';
import { toApiFailure } from '../../api/errors';
import { downloadBlob } from '../../utils/download';
import { useT } from '../../utils/useT';

const REASON_ID = 'run-documents-zip-reason';

/**
 * "Download all documents (ZIP)": a finalized run's invoice PDFs in one file. A draft
 * has no numbered documents yet and a void run's are taken back, so the button is
 * disabled there with the reason written beside it (not only on hover).
 */
export function RunDocumentsZip({
  run,
}: {
  run: Pick<ChargeRunDetail, 'documentId' | 'status' | 'periodStart' | 'periodEnd'>;
}) {
  const t = useT();
  const api = useChargingApi();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);
  const ready = run.status === 'finalized';

  async function download() {
    setBusy(true);
    try {
      const zip = await api.runs.documentsZip(run.documentId);
      downloadBlob(zip, `documents-${run.periodStart}-${run.periodEnd}.zip`);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box paddingBottom={4}>
      <Flex gap={3} wrap="wrap" alignItems="center">
        <Button
          variant="secondary"
          startIcon={<Download />}
          loading={busy}
          disabled={!ready}
          aria-describedby={ready ? undefined : REASON_ID}
          onClick={() => void download()}
        >
          {t('documents.zip.download', 'Download all documents (ZIP)')}
        </Button>
        {!ready && (
          <Typography variant="pi" textColor="neutral600" id={REASON_ID}>
            {t(
              'documents.zip.not-finalized',
              '{status, select, void {This run is void: its invoices were taken back, so there are no documents to hand out.} other {The invoices get their numbers and documents when the run is finalized.}}',
              { status: run.status },
            )}
          </Typography>
        )}
      </Flex>
    </Box>
  );
}
