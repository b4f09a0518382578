import { Badge, Typography } from '@strapi/design-system';
import { useUtilitiesApi } from '../../api/client';
import type { UtilityType } from '../../api/schemas';
import { ResourceListPage } from '../../components/ResourceListPage';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../utils/useT';
import { UtilityTypeForm } from './UtilityTypeForm';

/** Settings → Utilities → Utility types (the guide's "Define utility types"). */
export default function UtilityTypesPage() {
  const api = useUtilitiesApi();
  const access = usePluginPermissions('types');
  const t = useT();
  return (
    <ResourceListPage<UtilityType>
      title={t('types.title', 'Utility types')}
      subtitle={t('types.subtitle', 'The kinds of metered service you track: water, electricity, gas…')}
      addLabel={t('types.add', 'Add utility type')}
      emptyText={t('types.empty', 'No utility types yet.')}
      access={access}
      load={(params) => api.utilityTypes.list(params)}
      rowTestId={(u) => `utility-type-${u.code}`}
      itemLabel={(u) => u.name}
      columns={[
        { header: t('field.code', 'Code'), cell: (u) => <Typography fontWeight="bold">{u.code}</Typography> },
        { header: t('field.name', 'Name'), cell: (u) => <Typography>{u.name}</Typography> },
        {
          header: t('field.description', 'Description'),
          cell: (u) => <Typography textColor="neutral600">{u.description ?? ''}</Typography>,
        },
        {
          header: t('field.display-order', 'Display order'),
          cell: (u) => <Typography>{u.displayOrder}</Typography>,
        },
        {
          header: t('channels.col.status', 'Status'),
          cell: (u) => (
            <Badge variant={u.active ? 'success' : 'neutral'}>
              {u.active ? t('channels.status.active', 'Active') : t('channels.status.inactive', 'Inactive')}
            </Badge>
          ),
        },
      ]}
      remove={(u) => api.utilityTypes.remove(u.documentId)}
      confirmRemove={(u) =>
        t(
          'types.confirm-delete',
          'Delete {name}? This cannot be undone. To retire a type but keep its history, deactivate it instead.',
          { name: u.name },
        )
      }
      removed={(u) => t('common.deleted', '{name} deleted', { name: u.name })}
      form={(props) => <UtilityTypeForm {...props} />}
    />
  );
}
