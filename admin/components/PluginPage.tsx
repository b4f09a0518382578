import type { ReactNode } from 'react';
import { Layouts, Page } from '@strapi/strapi/admin';

/**
 * A plugin page's frame as Strapi draws its own: the browser tab's title, the header
 * (title, subtitle, a link back, the main action) and the content below it.
 */
export function PluginPage(props: {
  title: string;
  subtitle?: string;
  navigationAction?: ReactNode;
  primaryAction?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Page.Main>
      <Page.Title>{props.title}</Page.Title>
      <Layouts.Header
        title={props.title}
        subtitle={props.subtitle}
        navigationAction={props.navigationAction}
        primaryAction={props.primaryAction}
      />
      <Layouts.Content>{props.children}</Layouts.Content>
    </Page.Main>
  );
}
