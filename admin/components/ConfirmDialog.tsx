import { useEffect, useState, type ComponentProps } from 'react';
import { ConfirmDialog as StrapiConfirmDialog } from '@strapi/strapi/admin';

/**
 * Strapi's confirm dialog (Cancel left, the confirming action right) in the danger
 * variant the plugin's other destructive buttons use, and giving focus back to the
 * button that opened it when it closes. Radix gives focus back to a `Dialog.Trigger`
 * only; the plugin's confirmations open from state (a row's Delete), so without this
 * Escape or Cancel leaves a keyboard user at the top of the page. Render it only while
 * it is open (`{deleting && <ConfirmDialog …>}`): it remembers the opener when it mounts.
 */
export function ConfirmDialog(props: ComponentProps<typeof StrapiConfirmDialog>) {
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(
    () => () => {
      // After Radix's own close handling, which runs in a task of its own and would
      // otherwise leave focus on the body.
      setTimeout(() => {
        if (opener?.isConnected) opener.focus();
      }, 0);
    },
    [opener],
  );
  return <StrapiConfirmDialog variant="danger" {...props} />;
}
