import { EmptyStateLayout, LinkButton } from '@strapi/design-system';
import { ArrowLeft, WarningCircle } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import type { MessageDescriptor } from 'react-intl';
import { useT } from '../utils/useT';

/**
 * A page that is not there — an address no screen answers, or a record that could
 * not be loaded — in one Strapi style on every screen: a heading saying so, why (the
 * server's message when it gave one) and a link back to the list it belongs to.
 */
export function NotFound(props: { back: string; backLabel: MessageDescriptor; reason?: string | null }) {
  const t = useT();
  const title = t('not-found.title', 'Page not found');
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header title={title} />
      <Layouts.Content>
        <EmptyStateLayout
          icon={<WarningCircle width="6rem" height="6rem" />}
          content={
            props.reason ??
            t(
              'not-found.text',
              'Nothing is at this address: the link may be old, or what it showed was deleted.',
            )
          }
          action={
            <LinkButton tag={Link} to={props.back} variant="secondary" startIcon={<ArrowLeft />}>
              {t(props.backLabel)}
            </LinkButton>
          }
        />
      </Layouts.Content>
    </Page.Main>
  );
}
