import type { MessageDescriptor } from 'react-intl';
import { useState } from 'react';
import { Button, Grid, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { useAllocationApi, type CostItem, type MediaFile } from '../../api/allocation-client';
import { FormModal } from '../../components/FormModal';
import { readWriteAccess, ResourceListPage, type FormProps } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useSaveForm } from '../../hooks/useSaveForm';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { DateField, FormCell, SelectField, TextField } from '../billing/fields';
import { AllocationNav } from './AllocationNav';
import { BuildingPicker, useBuildingChoice } from './BuildingPicker';
import { NO_ROWS } from './building-points';
import { AttachmentField } from './AttachmentField';
import { CostImportModal } from './CostImportModal';

/** The default categories (src/allocation/defaults.ts) in the trade's words; a building's own show by code. */
export const CATEGORIES: Record<string, MessageDescriptor> = {
  'heating-energy': msg('allocation.category.heating-energy', 'Heating energy'),
  'heating-electricity': msg('allocation.category.heating-electricity', 'Heating electricity'),
  maintenance: msg('allocation.category.maintenance', 'Heating maintenance'),
  'hot-water': msg('allocation.category.hot-water', 'Hot water'),
  'common-electricity': msg('allocation.category.common-electricity', 'Common electricity'),
  'water-sewage': msg('allocation.category.water-sewage', 'Water and sewage'),
  caretaking: msg('allocation.category.caretaking', 'Caretaking'),
  other: msg('allocation.category.other', 'Other'),
};

/**
 * A building's cost items (supplier invoices) of its settlements: category,
 * net amount, VAT, date, supplier, note and the invoice itself from the media
 * library (allocation.read / allocation.write); or a whole CSV file imported,
 * with an outcome per line. Items dated in a finalized settlement's period are
 * refused by the server.
 */
export function CostItemsPage() {
  const api = useAllocationApi();
  const access = readWriteAccess(usePluginPermissions('allocation'));
  const t = useT();
  const fmt = useFormat();
  const [building, setBuilding] = useBuildingChoice();
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState(0);
  const category = (code: string) => (CATEGORIES[code] ? t(CATEGORIES[code]) : code);
  return (
    <>
      <ResourceListPage<CostItem>
        key={`${building}-${imported}`}
        navigationAction={<AllocationNav t={t} />}
        secondaryAction={
          access.can.create && building ? (
            <Button variant="secondary" startIcon={<Upload />} onClick={() => setImporting(true)}>
              {t('allocation.import.button', 'Import CSV')}
            </Button>
          ) : undefined
        }
        title={t('allocation.costs.title', 'Cost items')}
        subtitle={t(
          'allocation.costs.subtitle',
          'The invoices of a building that its settlement of charges shares among the billing points.',
        )}
        addLabel={t('allocation.costs.add', 'Add cost item')}
        emptyText={t('allocation.costs.empty', 'No cost items for this building yet.')}
        access={{ ...access, can: { ...access.can, create: access.can.create && !!building } }}
        aboveTable={<BuildingPicker value={building} onChange={setBuilding} />}
        load={({ page }) =>
          building
            ? api.costItems.list({ building, page, pageSize: 50, sort: 'date:asc' })
            : Promise.resolve(NO_ROWS)
        }
        rowTestId={(c) => `cost-item-${c.documentId}`}
        itemLabel={(c) => `${category(c.category)} ${fmt.date(c.date)}`}
        columns={[
          { header: t('field.date', 'Date'), cell: (c) => <Typography>{fmt.date(c.date)}</Typography> },
          {
            header: t('allocation.category', 'Category'),
            cell: (c) => <Typography>{category(c.category)}</Typography>,
          },
          {
            header: t('allocation.supplier', 'Supplier'),
            cell: (c) => <Typography>{c.supplier ?? '—'}</Typography>,
          },
          {
            header: t('charging.net', 'Net'),
            cell: (c) => <Typography>{fmt.money(c.amount, 'CHF')}</Typography>,
          },
          {
            header: t('billing.rates.vat', 'VAT'),
            cell: (c) => (
              <Typography>{c.vatRatePercent ? `${fmt.number(c.vatRatePercent, 2)} %` : '—'}</Typography>
            ),
          },
          {
            header: t('allocation.costs.attachment', 'Invoice'),
            cell: (c) =>
              c.attachment ? (
                <a href={c.attachment.url} target="_blank" rel="noreferrer">
                  {c.attachment.name}
                </a>
              ) : (
                <Typography>—</Typography>
              ),
          },
        ]}
        remove={(c) => api.costItems.remove(c.documentId)}
        confirmRemove={(c) =>
          t('allocation.costs.confirm-delete', 'Delete the cost item {name}?', {
            name: `${category(c.category)} ${fmt.date(c.date)}`,
          })
        }
        removed={() => t('allocation.costs.deleted', 'Cost item deleted')}
        form={(props) => <CostItemForm {...props} building={building} />}
      />
      {importing && (
        <CostImportModal
          building={building}
          onClose={() => {
            setImporting(false);
            setImported((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

function CostItemForm({ existing, onClose, onSaved, building }: FormProps<CostItem> & { building: string }) {
  const api = useAllocationApi();
  const t = useT();
  const { errors, saving, submit } = useSaveForm(onSaved);
  const [draft, setDraft] = useState({
    category: existing?.category ?? 'heating-energy',
    amount: existing?.amount ?? '',
    vatRatePercent: existing?.vatRatePercent ?? '',
    date: existing?.date ?? '',
    supplier: existing?.supplier ?? '',
    note: existing?.note ?? '',
  });
  const [attachment, setAttachment] = useState<MediaFile | null>(existing?.attachment ?? null);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  function save() {
    const body = {
      building: existing?.buildingRef ?? building,
      ...draft,
      vatRatePercent: draft.vatRatePercent || null,
      supplier: draft.supplier || null,
      note: draft.note || null,
      attachment: attachment?.id ?? null,
    };
    return submit(
      () => (existing ? api.costItems.update(existing.documentId, body) : api.costItems.create(body)),
      existing
        ? t('allocation.costs.saved', 'Cost item saved')
        : t('allocation.costs.created', 'Cost item added'),
    );
  }

  return (
    <FormModal
      title={
        existing ? t('allocation.costs.edit', 'Edit cost item') : t('allocation.costs.add', 'Add cost item')
      }
      saveLabel={
        existing ? t('form.save-changes', 'Save changes') : t('allocation.costs.add', 'Add cost item')
      }
      saving={saving}
      onSave={() => void save()}
      onClose={onClose}
    >
      <Grid.Root gap={4}>
        <FormCell>
          <SelectField
            name="category"
            label={t('allocation.category', 'Category')}
            value={draft.category}
            onChange={set('category')}
            options={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label: t(label) }))}
            error={errors.category}
            required
          />
        </FormCell>
        <FormCell>
          <DateField
            name="date"
            label={t('field.date', 'Date')}
            value={draft.date}
            onChange={set('date')}
            error={errors.date}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="amount"
            label={t('allocation.costs.amount', 'Net amount')}
            value={draft.amount}
            onChange={set('amount')}
            error={errors.amount}
            hint={t('allocation.costs.amount-hint', 'Negative only in a credit category')}
            required
          />
        </FormCell>
        <FormCell>
          <TextField
            name="vatRatePercent"
            label={t('allocation.costs.vat-rate', 'VAT rate (%)')}
            value={draft.vatRatePercent}
            onChange={set('vatRatePercent')}
            error={errors.vatRatePercent}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="supplier"
            label={t('allocation.supplier', 'Supplier')}
            value={draft.supplier}
            onChange={set('supplier')}
            error={errors.supplier}
          />
        </FormCell>
        <FormCell>
          <TextField
            name="note"
            label={t('field.note', 'Note')}
            value={draft.note}
            onChange={set('note')}
            error={errors.note}
          />
        </FormCell>
        <FormCell col={12}>
          <AttachmentField value={attachment} onChange={setAttachment} error={errors.attachment} />
        </FormCell>
      </Grid.Root>
    </FormModal>
  );
}
