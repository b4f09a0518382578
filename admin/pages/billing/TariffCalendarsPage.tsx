import { useState } from 'react';
import type { MessageDescriptor } from 'react-intl';
import { Box, Button, Checkbox, Flex, Grid, IconButton, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { calendarBands, useBillingApi, type TariffCalendar, type Weekday } from '../../api/billing-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { msg, useT, type Translate } from '../../utils/useT';
import { TextField } from './fields';
import { errorAt } from './RatePriceFields';

const WEEKDAYS: [Weekday, MessageDescriptor][] = [
  ['mon', msg('weekday.mon', 'Mon')],
  ['tue', msg('weekday.tue', 'Tue')],
  ['wed', msg('weekday.wed', 'Wed')],
  ['thu', msg('weekday.thu', 'Thu')],
  ['fri', msg('weekday.fri', 'Fri')],
  ['sat', msg('weekday.sat', 'Sat')],
  ['sun', msg('weekday.sun', 'Sun')],
];

/** "HT Mon–Fri 07:00–20:00; HT Sat 07:00–13:00; otherwise NT" */
function scheduleText(c: TariffCalendar, t: Translate) {
  const days = (list: Weekday[]) => {
    const idx = list.map((d) => WEEKDAYS.findIndex(([w]) => w === d)).sort((a, b) => a - b);
    const consecutive = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
    const name = (i: number) => t(WEEKDAYS[i][1]);
    return consecutive && idx.length > 2
      ? `${name(idx[0])}–${name(idx[idx.length - 1])}`
      : idx.map(name).join(', ');
  };
  const parts = c.windows.map((w) => `${w.band} ${days(w.days)} ${w.from}–${w.to}`);
  if (c.defaultBand)
    parts.push(t('billing.calendars.otherwise', 'otherwise {band}', { band: c.defaultBand }));
  return parts.join('; ');
}

/**
 * Tariff calendars (Billing > Tariff calendars): when each time-of-use band
 * applies — windows in local time, a default band for the rest, public holidays
 * as Sundays from a canton's calendar or listed dates. Guarded by rates.read /
 * rates.write, as a calendar is part of how a rate prices.
 */
export function TariffCalendarsPage() {
  const api = useBillingApi();
  const access = readWriteAccess(usePluginPermissions('rates'));
  const t = useT();
  return (
    <ResourceListPage<TariffCalendar>
      title={t('billing.calendars.title', 'Tariff calendars')}
      subtitle={t(
        'billing.calendars.subtitle',
        'When each time-of-use band applies, e.g. high tariff (HT) weekdays 07:00–20:00 and low tariff (NT) otherwise.',
      )}
      addLabel={t('billing.calendars.add', 'Add tariff calendar')}
      emptyText={t('billing.calendars.empty', 'No tariff calendars yet.')}
      access={access}
      load={(params) => api.tariffCalendars.list(params)}
      search={{
        label: t('billing.calendars.search', 'Search tariff calendars'),
        placeholder: t('billing.calendars.search-placeholder', 'Code or name'),
      }}
      rowTestId={(c) => `calendar-${c.code}`}
      itemLabel={(c) => c.name ?? c.code}
      columns={[
        {
          header: t('field.code', 'Code'),
          sort: 'code',
          cell: (c) => <Typography fontWeight="bold">{c.code}</Typography>,
        },
        {
          header: t('field.name', 'Name'),
          sort: 'name',
          cell: (c) => <Typography>{c.name ?? '—'}</Typography>,
        },
        {
          header: t('billing.calendars.bands', 'Bands'),
          cell: (c) => <Typography>{calendarBands(c).join(', ')}</Typography>,
        },
        {
          header: t('billing.calendars.schedule', 'Schedule (local time)'),
          cell: (c) => <Typography>{scheduleText(c, t)}</Typography>,
        },
        {
          header: t('billing.calendars.holidays', 'Public holidays'),
          cell: (c) => (
            <Typography>
              {[c.holidayRegion, c.holidayDates.length ? `+${c.holidayDates.length}` : null]
                .filter(Boolean)
                .join(' ') || '—'}
            </Typography>
          ),
        },
      ]}
      remove={(c) => api.tariffCalendars.remove(c.documentId)}
      confirmRemove={(c) =>
        t('billing.calendars.confirm-delete', "Delete {name}? A calendar rates price by can't be deleted.", {
          name: c.name ?? c.code,
        })
      }
      removed={(c) => t('common.deleted', '{name} deleted', { name: c.name ?? c.code })}
      form={(props) => <CalendarForm {...props} />}
    />
  );
}

type WindowDraft = { band: string; days: Weekday[]; from: string; to: string };

function CalendarForm({ existing, onClose, onSaved }: FormProps<TariffCalendar>) {
  const api = useBillingApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    windows: existing?.windows ?? [
      { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
    ],
    defaultBand: existing?.defaultBand ?? (existing ? '' : 'NT'),
    holidayRegion: existing?.holidayRegion ?? '',
    holidayDates: existing?.holidayDates.join(', ') ?? '',
  });
  const set =
    <K extends keyof typeof draft>(key: K) =>
    (value: (typeof draft)[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const setWindow = (index: number, patch: Partial<WindowDraft>) =>
    set('windows')(draft.windows.map((w, i) => (i === index ? { ...w, ...patch } : w)));

  function save() {
    const body = {
      ...(existing ? {} : { code: draft.code.trim() }),
      name: draft.name.trim() || null,
      windows: draft.windows.map((w) => ({
        ...w,
        band: w.band.trim(),
        from: w.from.trim(),
        to: w.to.trim(),
      })),
      defaultBand: draft.defaultBand.trim() || null,
      holidayRegion: draft.holidayRegion.trim().toUpperCase() || null,
      holidayDates: draft.holidayDates
        .split(/[\s,;]+/)
        .map((d) => d.trim())
        .filter(Boolean),
    };
    return submit(
      () =>
        existing ? api.tariffCalendars.update(existing.documentId, body) : api.tariffCalendars.create(body),
      existing
        ? t('billing.calendars.saved', 'Tariff calendar saved')
        : t('billing.calendars.created', 'Tariff calendar created'),
    );
  }

  return (
    <FormModal
      title={
        existing
          ? t('form.edit-title', 'Edit {name}', { name: existing.name ?? existing.code })
          : t('billing.calendars.add', 'Add tariff calendar')
      }
      saveLabel={
        existing
          ? t('form.save-changes', 'Save changes')
          : t('billing.calendars.create', 'Create tariff calendar')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          {existing ? (
            <Box>
              <Typography variant="pi" fontWeight="bold">
                {t('field.code', 'Code')}
              </Typography>
              <Typography tag="p">{existing.code}</Typography>
            </Box>
          ) : (
            <TextField
              name="code"
              label={t('field.code', 'Code')}
              value={draft.code}
              onChange={set('code')}
              error={errors.code}
              hint={t('billing.calendars.code-hint', 'Permanent; rates refer to it, e.g. EKZ-HTNT')}
              required
            />
          )}
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="name"
            label={t('field.name', 'Name')}
            value={draft.name}
            onChange={set('name')}
            error={errors.name}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Typography variant="pi" fontWeight="bold">
            {t('billing.calendars.windows', 'Windows (local time of the building)')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'billing.calendars.windows-hint',
              'From–to on the ticked weekdays; 24:00 is the end of the day. A window past midnight is two windows.',
            )}
          </Typography>
          {errors.windows && !Object.keys(errors).some((k) => k.startsWith('windows.')) && (
            <Typography variant="pi" textColor="danger600">
              {errors.windows}
            </Typography>
          )}
          {draft.windows.map((w, i) => {
            const problem =
              errorAt(errors, `windows.${i}.days`) ??
              (errors[`windows.${i}`] &&
              !errorAt(errors, `windows.${i}.from`) &&
              !errorAt(errors, `windows.${i}.to`)
                ? errors[`windows.${i}`]
                : undefined);
            return (
              <Box
                key={i}
                padding={3}
                marginTop={2}
                hasRadius
                borderColor="neutral200"
                borderStyle="solid"
                borderWidth="1px"
                data-testid={`window-${i}`}
              >
                <Grid.Root gap={2}>
                  <Grid.Item col={3} direction="column" alignItems="stretch">
                    <TextField
                      name={`windows.${i}.band`}
                      label={t('billing.calendars.band', 'Band')}
                      value={w.band}
                      onChange={(band) => setWindow(i, { band })}
                      error={errorAt(errors, `windows.${i}.band`)}
                      required
                    />
                  </Grid.Item>
                  <Grid.Item col={3} direction="column" alignItems="stretch">
                    <TextField
                      name={`windows.${i}.from`}
                      label={t('field.from', 'From')}
                      value={w.from}
                      placeholder="07:00"
                      onChange={(from) => setWindow(i, { from })}
                      error={errorAt(errors, `windows.${i}.from`)}
                      required
                    />
                  </Grid.Item>
                  <Grid.Item col={3} direction="column" alignItems="stretch">
                    <TextField
                      name={`windows.${i}.to`}
                      label={t('field.to', 'To')}
                      value={w.to}
                      placeholder="20:00"
                      onChange={(to) => setWindow(i, { to })}
                      error={errorAt(errors, `windows.${i}.to`)}
                      required
                    />
                  </Grid.Item>
                  <Grid.Item col={3} direction="column" alignItems="stretch">
                    <Box paddingTop={6}>
                      <IconButton
                        label={t('billing.calendars.window-remove', 'Remove window')}
                        onClick={() => set('windows')(draft.windows.filter((_, j) => j !== i))}
                      >
                        <Trash />
                      </IconButton>
                    </Box>
                  </Grid.Item>
                </Grid.Root>
                <Flex gap={3} paddingTop={2} wrap="wrap">
                  {WEEKDAYS.map(([day, label]) => (
                    <Checkbox
                      key={day}
                      checked={w.days.includes(day)}
                      onCheckedChange={(checked: boolean | 'indeterminate') =>
                        setWindow(i, {
                          days: checked === true ? [...w.days, day] : w.days.filter((d) => d !== day),
                        })
                      }
                    >
                      {t(label)}
                    </Checkbox>
                  ))}
                </Flex>
                {problem && (
                  <Typography variant="pi" textColor="danger600" tag="p">
                    {problem}
                  </Typography>
                )}
              </Box>
            );
          })}
          <Box paddingTop={2}>
            <Button
              variant="tertiary"
              startIcon={<Plus />}
              onClick={() => set('windows')([...draft.windows, { band: '', days: [], from: '', to: '' }])}
            >
              {t('billing.calendars.window-add', 'Add window')}
            </Button>
          </Box>
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="defaultBand"
            label={t('billing.calendars.default-band', 'Default band')}
            value={draft.defaultBand}
            onChange={set('defaultBand')}
            error={errors.defaultBand}
            hint={t('billing.calendars.default-band-hint', 'Every time no window covers, e.g. NT')}
          />
        </Grid.Item>
        <Grid.Item col={6} direction="column" alignItems="stretch">
          <TextField
            name="holidayRegion"
            label={t('billing.calendars.holiday-region', 'Public holidays of')}
            value={draft.holidayRegion}
            onChange={set('holidayRegion')}
            error={errors.holidayRegion}
            hint={t(
              'billing.calendars.holiday-region-hint',
              'Country or canton, e.g. CH or CH-ZH; its public holidays count as Sundays',
            )}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextField
            name="holidayDates"
            label={t('billing.calendars.holiday-dates', 'Further holidays')}
            value={draft.holidayDates}
            onChange={set('holidayDates')}
            error={errors.holidayDates ?? errorAt(errors, 'holidayDates')}
            placeholder="2026-12-24, 2026-12-31"
            hint={t(
              'billing.calendars.holiday-dates-hint',
              'Dates yyyy-MM-dd, separated by commas; also count as Sundays',
            )}
          />
        </Grid.Item>
      </Grid.Root>
    </FormModal>
  );
}
