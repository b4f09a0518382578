import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextButton,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import { toApiFailure } from '../../api/errors';
import { useCommunitiesApi, type Community, type CommunityFigures } from '../../api/communities-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';
import { allPages } from '../../api/all-pages';

const KINDS = {
  ZEV: msg('communities.kind.ZEV', 'ZEV (self-consumption community)'),
  vZEV: msg('communities.kind.vZEV', 'vZEV (virtual self-consumption community)'),
  LEG: msg('communities.kind.LEG', 'LEG (local electricity community)'),
};

const OWNER = '@owner';

/** The first day of this month and of the next, as the default period. */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: first.toISOString().slice(0, 10), to: next.toISOString().slice(0, 10) };
}

/**
 * Solar communities (communities.read): the list, and a community's figures —
 * production, self-consumption, export, common consumption, the two ratios, a
 * stacked chart of solar and grid energy per member and the member list with
 * entry and exit. Intervals that could not be split are listed, never hidden.
 */
export default function CommunitiesPage() {
  const { can, isLoading } = usePluginPermissions('communities');
  const api = useCommunitiesApi();
  const t = useT();
  const [list, setList] = useState<Community[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<Community | null>(null);

  useEffect(() => {
    if (!can.read) return;
    let live = true;
    allPages((page) => api.list(page))
      .then((result) => live && (setList(result.data), setFailure(null)))
      .catch((error: unknown) => live && setFailure(toApiFailure(error, t).message));
    return () => {
      live = false;
    };
  }, [api, can.read, t]);

  if (isLoading) return <Page.Loading />;
  if (!can.read) return <Page.NoPermissions />;
  return (
    <Page.Main>
      <Page.Title>{t('communities.title', 'Solar communities')}</Page.Title>
      <Layouts.Header
        title={selected ? selected.name : t('communities.title', 'Solar communities')}
        subtitle={t(
          'communities.subtitle',
          'Self-consumption communities (ZEV, vZEV, LEG): each 15 minutes of solar production shared among the members.',
        )}
        navigationAction={
          selected ? (
            <TextButton onClick={() => setSelected(null)}>
              {t('communities.back', 'All communities')}
            </TextButton>
          ) : undefined
        }
      />
      <Layouts.Content>
        {failure && <Typography textColor="danger600">{failure}</Typography>}
        {!list && !failure && <Page.Loading />}
        {list && !selected && <CommunityList list={list} onOpen={setSelected} />}
        {selected && <CommunityDetail community={selected} />}
      </Layouts.Content>
    </Page.Main>
  );
}

function CommunityList({ list, onOpen }: { list: Community[]; onOpen: (c: Community) => void }) {
  const t = useT();
  if (list.length === 0) return <Typography>{t('communities.empty', 'No communities yet.')}</Typography>;
  return (
    <Table colCount={4} rowCount={list.length + 1}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('field.code', 'Code')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('field.name', 'Name')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('communities.kind', 'Kind')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('communities.members', 'Members')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {list.map((c) => (
          <Tr key={c.documentId} data-testid={`community-${c.code}`}>
            <Td>
              <TextButton onClick={() => onOpen(c)}>{c.code}</TextButton>
            </Td>
            <Td>
              <Typography>{c.name}</Typography>
            </Td>
            <Td>
              <Badge>{t(KINDS[c.kind])}</Badge>
            </Td>
            <Td>
              <Typography>{c.members.length}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function CommunityDetail({ community }: { community: Community }) {
  const api = useCommunitiesApi();
  const t = useT();
  const fmt = useFormat();
  const theme = useTheme();
  const [range, setRange] = useState(thisMonth);
  const [draft, setDraft] = useState(thisMonth);
  const [granularity, setGranularity] = useState<'day' | 'month'>('day');
  const [figures, setFigures] = useState<CommunityFigures | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .figures(community.documentId, { ...range, granularity })
      .then((f) => live && (setFigures(f), setFailure(null)))
      .catch((error: unknown) => live && setFailure(toApiFailure(error, t).message));
    return () => {
      live = false;
    };
  }, [api, community.documentId, range, granularity, t]);

  const names = useMemo(
    () =>
      new Map<string, string>([
        ...community.members.map((m) => [m.billingPoint, m.code ?? m.billingPoint] as [string, string]),
        [OWNER, t('communities.owner', 'Owner (common consumption)')],
      ]),
    [community, t],
  );
  const memberName = (id: string | null) => (id === null ? '' : (names.get(id) ?? id));
  const chart = (figures?.members ?? []).map((m) => ({
    member: names.get(m.billingPoint) ?? m.billingPoint,
    solar: Number(m.solar),
    grid: Number(m.grid),
  }));
  const kwh = (value: string) => t('communities.kwh', '{value} kWh', { value: fmt.number(value) });
  const percent = (value: string | null) =>
    value === null
      ? '—'
      : t('communities.percent', '{value} %', { value: fmt.number(Number(value) * 100, 1) });
  const axis = { fontSize: theme.fontSizes[1], fill: theme.colors.neutral600 };
  const solarLabel = t('communities.solar', 'Solar');
  const gridLabel = t('communities.grid', 'Grid');

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box background="neutral0" padding={4} hasRadius shadow="filterShadow">
        <Flex gap={3} alignItems="flex-end">
          <Field.Root name="from">
            <Field.Label>{t('communities.from', 'From')}</Field.Label>
            <TextInput
              type="date"
              value={draft.from}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setDraft({ ...draft, from: e.target.value })
              }
            />
          </Field.Root>
          <Field.Root name="to">
            <Field.Label>{t('communities.to', 'Until (exclusive)')}</Field.Label>
            <TextInput
              type="date"
              value={draft.to}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setDraft({ ...draft, to: e.target.value })
              }
            />
          </Field.Root>
          <Field.Root name="granularity">
            <Field.Label>{t('communities.granularity', 'Per')}</Field.Label>
            <SingleSelect
              value={granularity}
              onChange={(v: string | number) => setGranularity(v as 'day' | 'month')}
            >
              <SingleSelectOption value="day">{t('communities.per-day', 'Day')}</SingleSelectOption>
              <SingleSelectOption value="month">{t('communities.per-month', 'Month')}</SingleSelectOption>
            </SingleSelect>
          </Field.Root>
          <Button onClick={() => setRange(draft)}>{t('communities.show', 'Show')}</Button>
        </Flex>
      </Box>
      {failure && <Typography textColor="danger600">{failure}</Typography>}
      {figures && (
        <>
          <Flex gap={6} wrap="wrap" data-testid="community-totals">
            {[
              [t('communities.production', 'Production'), kwh(figures.totals.production)],
              [t('communities.self-consumed', 'Self-consumption'), kwh(figures.totals.selfConsumed)],
              [t('communities.exported', 'Export'), kwh(figures.totals.exported)],
              [t('communities.common', 'Common consumption'), kwh(figures.totals.common)],
              [
                t('communities.self-consumption-rate', 'Self-consumption rate'),
                percent(figures.totals.selfConsumptionRate),
              ],
              [
                t('communities.self-sufficiency', 'Self-sufficiency'),
                percent(figures.totals.selfSufficiency),
              ],
            ].map(([label, value]) => (
              <Box key={label} background="neutral0" padding={4} hasRadius shadow="filterShadow">
                <Typography variant="sigma">{label}</Typography>
                <Typography variant="beta" tag="p">
                  {value}
                </Typography>
              </Box>
            ))}
          </Flex>
          <Box background="neutral0" padding={4} hasRadius shadow="filterShadow">
            <Typography variant="delta" tag="h2">
              {t('communities.chart', 'Solar and grid energy per member')}
            </Typography>
            <Box height="320px" aria-label={t('communities.chart', 'Solar and grid energy per member')}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" stroke={theme.colors.neutral200} />
                  <XAxis dataKey="member" tick={axis} />
                  <YAxis tick={axis} tickFormatter={(v: number) => fmt.number(v)} />
                  <Tooltip formatter={(v: number) => kwh(String(v))} />
                  <Legend />
                  <Bar dataKey="solar" name={solarLabel} stackId="energy" fill={theme.colors.warning500} />
                  <Bar dataKey="grid" name={gridLabel} stackId="energy" fill={theme.colors.primary600} />
                </BarChart>
              </ResponsiveContainer>
            </Box>
          </Box>
          <Table colCount={5} rowCount={community.members.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('communities.member', 'Billing point')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('communities.entry', 'Entry')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('communities.exit', 'Exit')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{solarLabel}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{gridLabel}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {community.members.map((m, i) => {
                const energy = figures.members.find((f) => f.billingPoint === m.billingPoint);
                return (
                  <Tr
                    key={`${m.billingPoint}-${i}`}
                    data-testid={`community-member-${m.code ?? m.billingPoint}`}
                  >
                    <Td>
                      <Typography>{m.name ? `${m.code} ${m.name}` : m.billingPoint}</Typography>
                    </Td>
                    <Td>
                      <Typography>{fmt.date(m.entryDate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{fmt.date(m.exitDate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{energy ? kwh(energy.solar) : '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{energy ? kwh(energy.grid) : '—'}</Typography>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
          {figures.exceptions.length > 0 && (
            <Box background="danger100" padding={4} hasRadius>
              <Typography variant="delta" tag="h2">
                {t('communities.exceptions', 'Intervals not split')}
              </Typography>
              {figures.exceptions.map((e) => (
                <Typography
                  key={`${e.problem}-${e.meterNumber}-${e.register}-${e.billingPoint}-${e.from}`}
                  tag="p"
                >
                  {e.problem === 'no-meter'
                    ? t(
                        'communities.exception.no-meter',
                        'No meter installed: member {member}, {from} – {to} ({count, plural, one {# interval} other {# intervals}} not split)',
                        {
                          member: memberName(e.billingPoint),
                          from: fmt.dateTime(e.from, figures.period.timeZone),
                          to: fmt.dateTime(e.to, figures.period.timeZone),
                          count: e.intervals,
                        },
                      )
                    : t(
                        'communities.exception',
                        '{problem, select, missing {Missing} duplicate {Duplicate} misaligned {Off the interval grid} other {Negative}}: meter {meter} register {register}, {from} – {to} ({count, plural, one {# interval} other {# intervals}})',
                        {
                          problem: e.problem,
                          meter: e.meterNumber,
                          register: e.register,
                          from: fmt.dateTime(e.from, figures.period.timeZone),
                          to: fmt.dateTime(e.to, figures.period.timeZone),
                          count: e.intervals,
                        },
                      )}
                </Typography>
              ))}
            </Box>
          )}
        </>
      )}
    </Flex>
  );
}
