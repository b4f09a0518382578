import { useChannelsApi, type ChannelDto } from '../api/channels-client';
import { useBillingApi, type BillingPoint, type Building, type Party } from '../api/billing-client';
import { billingPointLabel, codeNameLabel, partyLabel } from '../utils/record-labels';
import { useT } from '../utils/useT';
import { RecordCombobox, type RecordComboboxProps } from './RecordCombobox';

/** What a page says about a picker; the search, the fetch by id and the label are the picker's own. */
type PickerProps<T extends { documentId: string }> = Omit<
  RecordComboboxProps<T>,
  'search' | 'fetchOne' | 'labelOf' | 'label' | 'name'
> & { name?: string; label?: string };

const PAGE_SIZE = 20;

/** A building by code or name. */
export function BuildingCombobox(props: PickerProps<Building>) {
  const api = useBillingApi();
  const t = useT();
  return (
    <RecordCombobox<Building>
      name="building"
      label={t('field.building', 'Building')}
      placeholder={t('picker.building.placeholder', 'Type a building code or name')}
      {...props}
      search={(q, page) => api.buildings.list({ q, page, pageSize: PAGE_SIZE, sort: 'code:asc' })}
      fetchOne={(id) => api.buildings.get(id)}
      labelOf={codeNameLabel}
    />
  );
}

/** A billing point by code or name, within one building when `building` is given. */
export function BillingPointCombobox(props: PickerProps<BillingPoint> & { building?: string }) {
  const api = useBillingApi();
  const t = useT();
  const { building, ...rest } = props;
  return (
    <RecordCombobox<BillingPoint>
      // A new building is a new list: the options of the last one must not stay.
      key={building ?? ''}
      name="billingPoint"
      label={t('field.billing-point', 'Billing point')}
      placeholder={t('picker.billing-point.placeholder', 'Type a billing point code or name')}
      {...rest}
      search={(q, page) =>
        api.billingPoints.list({ q, building, page, pageSize: PAGE_SIZE, sort: 'code:asc' })
      }
      fetchOne={(id) => api.billingPoints.get(id)}
      labelOf={billingPointLabel}
    />
  );
}

/** A party by name, email or phone. */
export function PartyCombobox(props: PickerProps<Party>) {
  const api = useBillingApi();
  const t = useT();
  return (
    <RecordCombobox<Party>
      name="party"
      label={t('field.party', 'Party')}
      placeholder={t('billing.party-picker.placeholder', 'Type a name to search')}
      noOptionsMessage={t('billing.party-picker.none', 'No party matches; create it under Parties')}
      {...props}
      search={(q, page) => api.parties.list({ q, page, pageSize: PAGE_SIZE })}
      fetchOne={(id) => api.parties.get(id)}
      labelOf={partyLabel}
    />
  );
}

/** A delivery channel by code or name. */
export function ChannelCombobox(props: PickerProps<ChannelDto>) {
  const api = useChannelsApi();
  const t = useT();
  return (
    <RecordCombobox<ChannelDto>
      name="channel"
      label={t('ingestion.col.channel', 'Channel')}
      placeholder={t('picker.channel.placeholder', 'Type a channel code or name')}
      {...props}
      search={(q, page) => api.list({ ...(q ? { q } : {}), page, pageSize: PAGE_SIZE, sort: 'code:asc' })}
      fetchOne={(id) => api.get(id)}
      labelOf={codeNameLabel}
    />
  );
}
