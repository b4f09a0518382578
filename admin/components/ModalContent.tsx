import { useState, type ComponentProps } from 'react';
import { Modal } from '@strapi/design-system';

/**
 * A dialog's content that gives focus back, when it closes (Escape, Cancel, saved), to
 * what had it when the dialog opened — the button that opened it. Radix gives focus
 * back to a `Modal.Trigger` only; the plugin's dialogs open from state (a row's Edit,
 * a header button), so without this a keyboard user is left at the top of the page.
 */
export function ModalContent(props: ComponentProps<typeof Modal.Content>) {
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  return (
    <Modal.Content
      {...props}
      onCloseAutoFocus={(event: Event) => {
        props.onCloseAutoFocus?.(event);
        event.preventDefault();
        if (opener?.isConnected) opener.focus();
      }}
    />
  );
}
