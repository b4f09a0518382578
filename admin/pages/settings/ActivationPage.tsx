import { useCallback, useEffect, useState } from 'react';
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
import { usePluginPermissions } from '../../hooks/usePluginPermissions';

type Row = ActivationMatrix['utilityTypes'][number];

/**
 * Settings → Utilities → Activation: a row per active utility type with the device
 * types allowed to measure it; clicking a row opens the link dialog.
 */
export default function ActivationPage() {
  const { can, isLoading } = usePluginPermissions('activation');
  const api = useCatalogApi();
  const [matrix, setMatrix] = useState<ActivationMatrix | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);

  const load = useCallback(async () => {
    try {
      setMatrix(await api.activation.matrix());
    } catch (error) {
      setFailed(toApiFailure(error).message);
    }
  }, [api]);
  useEffect(() => {
    if (can.read) load();
  }, [can.read, load]);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  return (
    <Page.Main>
      <Page.Title>Activation</Page.Title>
      <Layouts.Header title="Activation" subtitle="Which device types may measure which utility type." />
      <Layouts.Content>
        {failed && (
          <Alert variant="danger" title="Could not load the matrix" closeLabel="Close">
            {failed}
          </Alert>
        )}
        {matrix?.notice && (
          <Box paddingBottom={4}>
            <Alert variant="default" title="Devices module disabled" closeLabel="Close">
              {matrix.notice}
            </Alert>
          </Box>
        )}
        {matrix && (
          <Table colCount={3} rowCount={matrix.utilityTypes.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Utility type</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Linked device types</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Edit</Typography>
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
                        Edit links
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
            await load();
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
          ? `${result.message} — ${flagged} device(s) flagged "not activated"`
          : result.message,
      });
      onSaved();
    } catch (error) {
      const failure = toApiFailure(error);
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
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Device types for {row.name}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            {deviceTypes.length === 0 && <Typography>No active device types yet.</Typography>}
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
              <Alert variant="warning" title="Devices use this pairing" closeLabel="Close">
                {confirm}
              </Alert>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          {confirm ? (
            <Button variant="danger" loading={saving} onClick={() => save(true)}>
              Remove anyway
            </Button>
          ) : (
            <Button loading={saving} onClick={() => save(false)}>
              Save
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
