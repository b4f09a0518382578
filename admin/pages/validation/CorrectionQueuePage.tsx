import { useCallback, useEffect, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  TextButton,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Page, useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../../api/errors';
import { useValidationApi, type CorrectionBody, type FlaggedReading } from '../../api/validation-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { PluginPage } from '../../components/PluginPage';
import { CellText, FitTable } from '../../components/DataTable';
import { msg, useT } from '../../utils/useT';
import { ReadingPanel } from './ReadingPanel';

const RULE_LABELS: Record<string, ReturnType<typeof msg>> = {
  spike: msg('validation.rule.spike', 'Spike'),
  backwards: msg('validation.rule.backwards', 'Register went backwards'),
  zero: msg('validation.rule.zero', 'No consumption while occupied'),
  stuck: msg('validation.rule.stuck', 'Stuck meter'),
  gap: msg('validation.rule.gap', 'Gap'),
  'continuous-flow': msg('validation.rule.continuous-flow', 'Continuous flow (leak)'),
  limits: msg('validation.rule.limits', 'Outside the limits'),
  'sum-check': msg('validation.rule.sum-check', 'Sum check'),
};
const METHODS = [
  ['linear-interpolation', msg('validation.method.linear-interpolation', 'Linear interpolation')],
  ['same-weekday-average', msg('validation.method.same-weekday-average', 'Same weekday average')],
  ['last-year-scaled', msg('validation.method.last-year-scaled', 'Same period last year, scaled')],
] as const;
const COLUMNS = [
  msg('validation.column.meter', 'Meter'),
  msg('validation.column.register', 'Register'),
  msg('validation.column.at', 'Read at'),
  msg('validation.column.rule', 'Rule'),
  msg('validation.column.raw', 'Raw value'),
  msg('validation.column.message', 'Why'),
];

/** Settings → Utilities → Correction queue: suspect readings, grouped by meter and rule, and the actions on them. */
export default function CorrectionQueuePage() {
  const { can, isLoading } = usePluginPermissions('validation');
  const api = useValidationApi();
  const t = useT();
  const fmt = useFormat();
  const { toggleNotification } = useNotification();
  const [rows, setRows] = useState<FlaggedReading[]>([]);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<number[]>([]);
  const [method, setMethod] = useState<string>('linear-interpolation');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState<number | null>(null);

  const [version, setVersion] = useState(0);
  const load = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (!can.read) return;
    let cancelled = false;
    api.queue({ pageSize: 100 }).then(
      (page) => {
        if (cancelled) return;
        setRows(page.data);
        setTotal(page.meta.pagination.total);
        setSelected([]);
      },
      (error: unknown) => toggleNotification({ type: 'danger', message: toApiFailure(error, t).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, can.read, t, toggleNotification, version]);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  async function act(body: Omit<CorrectionBody, 'readings'>) {
    try {
      const done = await api.correct({ ...body, readings: selected, ...(reason ? { reason } : {}) });
      toggleNotification({
        type: done.refused ? 'warning' : 'success',
        message: t('validation.done', '{done} corrected, {refused} refused', { ...done }),
      });
      setValue('');
      setReason('');
      load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: toApiFailure(error, t).message });
    }
  }
  const toggle = (id: number) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <PluginPage
      title={t('validation.title', 'Correction queue')}
      subtitle={t(
        'validation.subtitle',
        'Readings the plausibility rules flagged. The raw value is kept; every correction is recorded.',
      )}
    >
      {can.write && (
        <Box paddingBottom={4}>
          <Flex gap={2} wrap="wrap" alignItems="flex-end">
            <Button disabled={!selected.length} onClick={() => void act({ action: 'accept' })}>
              {t('validation.accept', 'Accept')}
            </Button>
            <SingleSelect
              aria-label={t('validation.method', 'Estimation method')}
              value={method}
              onChange={(v: string | number) => setMethod(String(v))}
            >
              {METHODS.map(([id, label]) => (
                <SingleSelectOption key={id} value={id}>
                  {t(label)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Button
              variant="secondary"
              disabled={!selected.length}
              onClick={() => void act({ action: 'estimate', method })}
            >
              {t('validation.estimate', 'Estimate replacement value')}
            </Button>
            <TextInput
              aria-label={t('validation.value', 'Corrected value')}
              placeholder={t('validation.value', 'Corrected value')}
              value={value}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue(e.target.value)}
            />
            <TextInput
              aria-label={t('validation.reason', 'Reason')}
              placeholder={t('validation.reason', 'Reason')}
              value={reason}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReason(e.target.value)}
            />
            <Button
              variant="secondary"
              disabled={selected.length !== 1 || !value || !reason}
              onClick={() => void act({ action: 'edit', value })}
            >
              {t('validation.edit', 'Edit value')}
            </Button>
          </Flex>
        </Box>
      )}
      {open !== null && (
        <ReadingPanel
          key={open}
          id={open}
          canWrite={can.write}
          methods={METHODS}
          ruleLabel={(rule) => (rule && RULE_LABELS[rule] ? t(RULE_LABELS[rule]) : (rule ?? ''))}
          onChanged={load}
        />
      )}
      {total > rows.length && (
        // A work queue, not an archive: the first page is the work at hand, and resolving
        // readings brings the next ones in. Saying how many wait keeps none out of sight.
        <Box paddingBottom={2}>
          <Typography textColor="neutral600" data-testid="validation-queue-more">
            {t(
              'validation.queue.more',
              'Showing {shown} of {total} suspect readings; those you resolve make room for the next.',
              { shown: rows.length, total },
            )}
          </Typography>
        </Box>
      )}
      <FitTable>
        <Table colCount={COLUMNS.length + 1} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              <Th style={{ width: 56 }}>
                <Typography variant="sigma">{t('validation.column.select', 'Select')}</Typography>
              </Th>
              {COLUMNS.map((c) => (
                <Th key={c.id}>
                  <Typography variant="sigma">{t(c)}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {rows.length === 0 && (
              <Tr>
                <Td colSpan={COLUMNS.length + 1}>
                  <Typography>{t('validation.empty', 'No suspect readings.')}</Typography>
                </Td>
              </Tr>
            )}
            {rows.map((r) => (
              <Tr key={r.id}>
                <Td>
                  <Checkbox
                    aria-label={t('validation.column.select', 'Select')}
                    checked={selected.includes(r.id)}
                    onCheckedChange={() => toggle(r.id)}
                  />
                </Td>
                <Td>
                  <TextButton
                    onClick={() => setOpen(r.id)}
                    aria-label={t('validation.open', 'Show reading {meter} of {at}', {
                      meter: r.meterNumber,
                      at: fmt.dateTime(r.readingAt),
                    })}
                  >
                    <CellText text={r.meterNumber} bold />
                  </TextButton>
                </Td>
                <Td>
                  <CellText text={r.register} />
                </Td>
                <Td>
                  <CellText text={fmt.dateTime(r.readingAt)} />
                </Td>
                <Td>
                  <CellText text={r.rule && RULE_LABELS[r.rule] ? t(RULE_LABELS[r.rule]) : (r.rule ?? '')} />
                </Td>
                <Td>
                  <CellText text={fmt.number(r.rawValue)} />
                </Td>
                <Td>
                  <CellText text={r.message ?? ''} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </FitTable>
    </PluginPage>
  );
}
