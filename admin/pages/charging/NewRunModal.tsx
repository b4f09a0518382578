import { useState } from 'react';
import { Box, Field, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useChargingApi, type ChargeRun, type RunScope } from '../../api/charging-client';
import { FormModal } from '../../components/FormModal';
import { BillingPointCombobox, BuildingCombobox } from '../../components/record-pickers';
import { RunPeriodFields, type RunPeriod } from '../../components/runs/RunPeriodFields';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useT } from '../../utils/useT';

/** Starts a draft charge run: the period (last month in one click) and what it covers. */
export function NewRunModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (run: ChargeRun) => void;
}) {
  const api = useChargingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onCreated);
  const [period, setPeriod] = useState<RunPeriod>({ periodStart: '', periodEnd: '' });
  const [scope, setScope] = useState({ kind: 'all', target: '' });

  function run() {
    const body: RunScope =
      scope.kind === 'building'
        ? { building: scope.target }
        : scope.kind === 'billingPoint'
          ? { billingPoint: scope.target }
          : null;
    return submit(
      () => api.runs.run({ ...period, scope: body }),
      t(
        'charging.run.started',
        'Run started: it is charged in the background and becomes a draft to check before finalizing',
      ),
    );
  }

  return (
    <FormModal
      title={t('charging.run.new-title', 'New charge run')}
      saveLabel={t('charging.run.run', 'Run')}
      saving={saving}
      saveDisabled={scope.kind !== 'all' && !scope.target}
      onSave={() => void run()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <RunPeriodFields value={period} onChange={setPeriod} errors={errors} presets={['last-month']} />
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <Field.Root name="scope" error={errors.scope}>
            <Field.Label>{t('field.scope', 'Scope')}</Field.Label>
            <SingleSelect
              value={scope.kind}
              onChange={(v: string | number) => setScope({ kind: String(v), target: '' })}
            >
              <SingleSelectOption value="all">
                {t('charging.scope.all', 'All billing points')}
              </SingleSelectOption>
              <SingleSelectOption value="building">
                {t('charging.scope.building', 'One building')}
              </SingleSelectOption>
              <SingleSelectOption value="billingPoint">
                {t('charging.scope.point', 'One billing point')}
              </SingleSelectOption>
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        {scope.kind !== 'all' && (
          <Grid.Item col={6} direction="column" alignItems="stretch">
            {scope.kind === 'building' ? (
              <BuildingCombobox
                name="target"
                value={scope.target || null}
                onChange={(target) => setScope((s) => ({ ...s, target: target ?? '' }))}
                required
              />
            ) : (
              <BillingPointCombobox
                name="target"
                value={scope.target || null}
                onChange={(target) => setScope((s) => ({ ...s, target: target ?? '' }))}
                required
              />
            )}
          </Grid.Item>
        )}
      </Grid.Root>
      <Box paddingTop={4}>
        <Typography variant="pi" textColor="neutral600">
          {t('charging.run.replaces', 'Running again for the same period and scope replaces the draft.')}
        </Typography>
      </Box>
    </FormModal>
  );
}
