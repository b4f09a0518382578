import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useBillingApi } from '../../../api/billing-client';
import { useDocumentsApi, type DocumentSettings } from '../../../api/documents-client';
import { toApiFailure } from '../../../api/errors';
import { useLoader } from '../../../hooks/useLoader';
import { usePluginPermissions } from '../../../hooks/usePluginPermissions';
import { useT } from '../../../utils/useT';
import { IssuerForm } from './IssuerForm';
import { allPages } from '../../../api/all-pages';

type BuildingOption = { documentId: string; code: string; name: string };

/**
 * Per building, an issuer of its own (another owner or manager): pick the building,
 * fill what differs from the default issuer; an empty field is taken from the
 * default. Removing the override sends the building back to the default issuer.
 */
export function BuildingIssuers(props: { settings: DocumentSettings; canEdit: boolean; reload: () => void }) {
  const t = useT();
  const api = useDocumentsApi();
  const billing = useBillingApi();
  const { can: billingCan } = usePluginPermissions('billing');
  const { toggleNotification } = useNotification();
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  // Every building to choose from needs billing.read; without it, those with an override are listed.
  const { data: all } = useLoader(
    async () =>
      (await allPages((page) => billing.buildings.list({ sort: 'code:asc', ...page })))
        .data as BuildingOption[],
    [billing],
    billingCan.read,
  );
  const own = new Map(props.settings.buildings.map((b) => [b.building.documentId, b]));
  const options: BuildingOption[] = all ?? props.settings.buildings.map((b) => b.building);
  // Tagged with its building: the form starts only once the chosen building's record is in.
  const { data: loaded } = useLoader(
    async () => (buildingId ? { buildingId, settings: await api.settings.getBuilding(buildingId) } : null),
    [api, buildingId],
    buildingId !== null,
  );
  const override = loaded && loaded.buildingId === buildingId ? loaded.settings : null;

  async function remove() {
    if (!buildingId) return;
    try {
      await api.settings.removeBuilding(buildingId);
      toggleNotification({
        type: 'success',
        message: t('documents.buildings.removed', 'The building uses the default issuer again'),
      });
      setBuildingId(null);
      props.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: toApiFailure(failure, t).message });
    }
  }

  const label = (b: BuildingOption) => `${b.code} ${b.name}`;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography textColor="neutral600">
            {t(
              'documents.buildings.intro',
              'A building with other owners or managers can have an issuer of its own, with its own invoice numbers. Empty fields are taken from the default issuer.',
            )}
          </Typography>
          <Field.Root name="building">
            <Field.Label>{t('field.building', 'Building')}</Field.Label>
            <SingleSelect
              value={buildingId ?? undefined}
              placeholder={t('common.choose', 'Choose…')}
              onChange={(v: string | number) => setBuildingId(String(v))}
            >
              {options.map((b) => (
                <SingleSelectOption key={b.documentId} value={b.documentId}>
                  {own.has(b.documentId)
                    ? t('documents.buildings.own-issuer', '{building} · own issuer', { building: label(b) })
                    : label(b)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          {props.settings.buildings.length > 0 && (
            <Flex gap={2} wrap="wrap">
              <Typography variant="pi" textColor="neutral600">
                {t('documents.buildings.with-own', 'With an issuer of their own:')}
              </Typography>
              {props.settings.buildings.map((b) => (
                <Badge key={b.building.documentId}>{label(b.building)}</Badge>
              ))}
            </Flex>
          )}
        </Flex>
      </Box>
      {buildingId && override && (
        <IssuerForm
          key={buildingId}
          initial={override.updatedAt ? override : null}
          inherited={props.settings.default}
          canEdit={props.canEdit}
          save={(body) => api.settings.putBuilding(buildingId, body)}
          savedMessage={t('documents.buildings.saved', 'Issuer of this building saved')}
          onSaved={props.reload}
          extraActions={
            props.canEdit && own.has(buildingId) ? (
              <Button variant="danger-light" onClick={() => setRemoving(true)}>
                {t('documents.buildings.remove', 'Use the default issuer')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Dialog.Root open={removing} onOpenChange={(open) => !open && setRemoving(false)}>
        {removing && (
          <ConfirmDialog onConfirm={() => remove()}>
            {t(
              'documents.buildings.confirm-remove',
              'Remove this building’s own issuer? Its next invoices are issued and numbered by the default issuer; numbers already given stay as they are.',
            )}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </Flex>
  );
}
