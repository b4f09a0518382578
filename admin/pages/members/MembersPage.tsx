import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { useMembersApi, type Member } from '../../api/members-client';
import { Pager } from '../../components/Pager';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { PluginPage } from '../../components/PluginPage';
import { useT } from '../../utils/useT';
import { ClaimsInbox } from './ClaimsInbox';
import { MemberDetail } from './MemberDetail';

const PAGE_SIZE = 25;
type Result = { data: Member[]; meta: { pagination: { page: number; pageCount: number; total: number } } };

/**
 * Members (links.read): residents signed up through users-permissions, with their
 * property claims counted; a member's row opens their utility links — read-only,
 * each candidate meter with why it is or is not visible — and their claims.
 */
export default function MembersPage() {
  const { can, isLoading } = usePluginPermissions('links');
  const billing = usePluginPermissions('billing');
  const api = useMembersApi();
  const t = useT();
  // ?search=&member=<id>: opened from the user's edit view, the member's links open at once.
  const [params] = useSearchParams();
  const [draft, setDraft] = useState(params.get('search') ?? '');
  const [search, setSearch] = useState(params.get('search') ?? '');
  const wanted = Number(params.get('member'));
  const [page, setPage] = useState(1);
  const list = useLoader<Result>(
    () => api.list({ page, pageSize: PAGE_SIZE, ...(search ? { search } : {}) }),
    [api, page, search],
    can.read,
  );
  const result = list.data;
  const failure = list.error;
  const [selected, setSelected] = useState<Member | null>(null);
  const reload = () => void list.reload();
  // The member the URL names opens once their row has loaded (state adjusted while rendering).
  const match = selected ? undefined : result?.data.find((m) => m.id === wanted);
  if (match) setSelected(match);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;

  const apply = () => {
    setSearch(draft.trim());
    setPage(1);
  };

  return (
    <PluginPage
      title={t('members.title', 'Members')}
      subtitle={t(
        'members.subtitle',
        'Residents see the tagged meters of the places they have an approved claim on. Links are derived, never edited.',
      )}
    >
      {billing.can.read && <ClaimsInbox canDecide={billing.can.write} onDecided={reload} />}
      <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
        <Flex gap={3} alignItems="flex-end">
          <Field.Root name="search" hint={t('members.search-hint', 'Part of the username or email')}>
            <Field.Label>{t('members.search', 'Search')}</Field.Label>
            <TextInput
              value={draft}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
              onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && apply()}
            />
            <Field.Hint />
          </Field.Root>
          <Button onClick={apply}>{t('members.search', 'Search')}</Button>
        </Flex>
      </Box>
      {failure && <Typography textColor="danger600">{failure}</Typography>}
      {!result && !failure && <Page.Loading />}
      {result && (
        <>
          <Table colCount={4} rowCount={result.data.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('members.col.username', 'Username')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.email', 'Email')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.claims', 'Claims')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.account', 'Account')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {result.data.length === 0 && (
                <Tr>
                  <Td colSpan={4}>
                    <Typography>{t('members.empty', 'No members match.')}</Typography>
                  </Td>
                </Tr>
              )}
              {result.data.map((m) => (
                <Tr
                  key={m.id}
                  data-testid={`member-${m.id}`}
                  onClick={() => setSelected(m)}
                  style={{ cursor: 'pointer' }}
                >
                  <Td>
                    <Typography fontWeight="bold">{m.username}</Typography>
                  </Td>
                  <Td>
                    <Typography>{m.email}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {t(
                        'members.claim-counts',
                        '{approved, number} approved · {pending, number} pending · {rejected, number} rejected',
                        m.claims,
                      )}
                    </Typography>
                  </Td>
                  <Td>
                    {m.blocked ? (
                      <Badge>{t('members.blocked', 'Blocked')}</Badge>
                    ) : (
                      <Typography textColor="neutral600">{t('channels.status.active', 'Active')}</Typography>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <Pager
            page={result.meta.pagination.page}
            pageCount={result.meta.pagination.pageCount}
            total={result.meta.pagination.total}
            onPage={setPage}
          />
        </>
      )}
      {selected && <MemberDetail member={selected} onChanged={reload} />}
    </PluginPage>
  );
}
