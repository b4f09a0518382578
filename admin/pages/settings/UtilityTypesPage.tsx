import { Badge, Typography } from '@strapi/design-system';
import { useUtilitiesApi } from '../../api/client';
import type { UtilityType } from '../../api/schemas';
import { ResourceListPage } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { UtilityTypeForm } from './UtilityTypeForm';

/** Settings → Utilities → Utility types (the guide's "Define utility types"). */
export default function UtilityTypesPage() {
  const api = useUtilitiesApi();
  const access = usePluginPermissions('types');
  return (
    <ResourceListPage<UtilityType>
      title="Utility types"
      subtitle="The kinds of metered service you track: water, electricity, gas…"
      addLabel="Add utility type"
      emptyText="No utility types yet."
      access={access}
      load={({ page }) => api.utilityTypes.list({ page, pageSize: 100 })}
      rowTestId={(t) => `utility-type-${t.code}`}
      itemLabel={(t) => t.name}
      columns={[
        { header: 'Code', cell: (t) => <Typography fontWeight="bold">{t.code}</Typography> },
        { header: 'Name', cell: (t) => <Typography>{t.name}</Typography> },
        {
          header: 'Description',
          cell: (t) => <Typography textColor="neutral600">{t.description ?? ''}</Typography>,
        },
        { header: 'Display order', cell: (t) => <Typography>{t.displayOrder}</Typography> },
        {
          header: 'Status',
          cell: (t) => <Badge active={t.active}>{t.active ? 'Active' : 'Inactive'}</Badge>,
        },
      ]}
      remove={(t) => api.utilityTypes.remove(t.documentId)}
      confirmRemove={(t) =>
        `Delete ${t.name}? This cannot be undone. To retire a type but keep its history, deactivate it instead.`
      }
      removed={(t) => `${t.name} deleted`}
      form={(props) => <UtilityTypeForm {...props} />}
    />
  );
}
