import type { ReactNode } from 'react';
import { Box, Tabs } from '@strapi/design-system';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * A run's lists (exceptions, invoices, statements) as tabs, the open one kept in the
 * URL (`?tab=invoices`) so a reload and the back button show it again. Changing tab
 * starts the list afresh: each tab's page, sort and filters are its own.
 */
export function RunTabs(props: {
  label: string;
  tabs: Array<{ value: string; label: string; content: ReactNode }>;
}) {
  const { search } = useLocation();
  const navigate = useNavigate();
  const asked = new URLSearchParams(search).get('tab');
  const open = props.tabs.some((tab) => tab.value === asked) ? asked! : props.tabs[0].value;
  return (
    <Tabs.Root value={open} onValueChange={(tab: string) => navigate({ search: `?tab=${tab}` })}>
      <Tabs.List aria-label={props.label}>
        {props.tabs.map((tab) => (
          <Tabs.Trigger key={tab.value} value={tab.value}>
            {tab.label}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {props.tabs.map((tab) => (
        <Tabs.Content key={tab.value} value={tab.value}>
          <Box paddingTop={4}>{tab.value === open && tab.content}</Box>
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
