import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Flex,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCatalogApi, type ActivationMatrix } from '../../api/catalog-client';
import { toApiFailure } from '../../api/errors';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../utils/useT';
import { ModalContent } from '../../components/ModalContent';

type Row = ActivationMatrix['utilityTypes'][number];

/**
 * Settings → Utilities → Activation: a row per active utility type with the device
 * types allowed to measure it; clicking a row opens the link dialog.
 */
export default function ActivationPage() {
  const { can, isLoading } = usePluginPermissions('activation');
  const api = useCatalogApi();
  const t = useT();
  const loaded = useLoader(() => api.activation.matrix(), [api], can.read);
  const matrix = loaded.data;
  const failed = loaded.error;
  const [editing, setEditing] = useState<Row | null>(null);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>{t('activation.title', 'Activation')}</Page.Title>
      <Layouts.Header
        title={t('activation.title', 'Activation')}
        subtitle={t('activation.subtitle', 'Which meter types may measure which utility type.')}
      />
      <Layouts.Content>
        {failed && (
          <Alert
            variant="danger"
            title={t('activation.load-failed', 'Could not load the matrix')}
            closeLabel={t('common.close', 'Close')}
          >
            {failed}
          </Alert>
        )}
        {matrix?.notice && (
          <Box paddingBottom={4}>
            <Alert
              variant="default"
              title={t('activation.devices-off', 'Meters module disabled')}
              closeLabel={t('common.close', 'Close')}
            >
              {matrix.devicesModuleEnabled
                ? matrix.notice
                : t(
                    'activation.devices-off-notice',
                    'The Meters module is disabled: there are no meter types to pair with.',
                  )}
            </Alert>
          </Box>
        )}
        {matrix && (
          <Table colCount={3} rowCount={matrix.utilityTypes.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('field.utility-type', 'Utility type')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('activation.linked', 'Linked meter types')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('common.edit', 'Edit')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {matrix.utilityTypes.map((row) => (
                <Tr
                  key={row.documentId}
                  data-testid={`activation-${row.code}`}
                  onClick={() => can.write && matrix.devicesModuleEnabled && setEditing(row)}
                  style={{ cursor: can.write && matrix.devicesModuleEnabled ? 'pointer' : 'default' }}
                >
                  <Td>
                    <Typography fontWeight="bold">{row.name}</Typography>{' '}
                    <Typography textColor="neutral600">{row.code}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {row.deviceTypes.length ? row.deviceTypes.map((d) => d.name).join(', ') : '—'}
                    </Typography>
                  </Td>
                  <Td>
                    {can.write && matrix.devicesModuleEnabled && (
                      <Button variant="tertiary" startIcon={<Pencil />} onClick={() => setEditing(row)}>
                        {t('activation.edit-links', 'Edit links')}
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      {editing && matrix && (
        <LinkDialog
          row={editing}
          deviceTypes={matrix.deviceTypes}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await loaded.reload();
          }}
        />
      )}
    </Page.Main>
  );
}

function LinkDialog({
  row,
  deviceTypes,
  onClose,
  onSaved,
}: {
  row: Row;
  deviceTypes: ActivationMatrix['deviceTypes'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useCatalogApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [selected, setSelected] = useState(() => new Set(row.deviceTypes.map((d) => d.documentId)));
  const [confirm, setConfirm] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(proceed: boolean) {
    setSaving(true);
    try {
      const result = await api.activation.update(row.documentId, [...selected], proceed);
      const flagged = result.notActivatedDevices.length;
      toggleNotification({
        type: 'success',
        message: flagged
          ? t(
              'activation.saved-flagged',
              'Utility device links updated — {count, plural, one {# meter} other {# meters}} marked “not activated”',
              { count: flagged },
            )
          : t('activation.saved', 'Utility device links updated'),
      });
      onSaved();
    } catch (error) {
      const failure = toApiFailure(error, t);
      // Removing a pairing tagged devices use needs an explicit second confirmation.
      if (failure.status === 409 && !proceed) setConfirm(failure.message);
      else toggleNotification({ type: 'danger', message: failure.message });
    } finally {
      setSaving(false);
    }
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>
            {t('activation.dialog-title', 'Meter types for {name}', { name: row.name })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            {deviceTypes.length === 0 && (
              <Typography>{t('activation.no-types', 'No active meter types yet.')}</Typography>
            )}
            {deviceTypes.map((d) => (
              <Checkbox
                key={d.documentId}
                checked={selected.has(d.documentId)}
                onCheckedChange={() => toggle(d.documentId)}
              >
                {`${d.name} (${d.code})`}
              </Checkbox>
            ))}
            {confirm && (
              <Alert
                variant="warning"
                title={t('activation.in-use-title', 'Meters use this pairing')}
                closeLabel={t('common.close', 'Close')}
              >
                {confirm}
              </Alert>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('form.cancel', 'Cancel')}</Button>
          </Modal.Close>
          {confirm ? (
            <Button variant="danger" loading={saving} onClick={() => save(true)}>
              {t('activation.remove-anyway', 'Remove anyway')}
            </Button>
          ) : (
            <Button loading={saving} onClick={() => save(false)}>
              {t('common.save', 'Save')}
            </Button>
          )}
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
