import type { ReactNode } from 'react';
import { Button, Modal } from '@strapi/design-system';
import { useT } from '../utils/useT';
import { ModalContent } from './ModalContent';

/**
 * The add/edit dialog around a record form: title, fields, Cancel and the save
 * button. `saveDisabled` holds the save back until the form has what the
 * request can't do without (e.g. a chosen meter).
 */
export function FormModal(props: {
  title: string;
  saveLabel: string;
  saving: boolean;
  saveDisabled?: boolean;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Modal.Root open onOpenChange={(open) => !open && props.onClose()}>
      <ModalContent>
        <Modal.Header>
          <Modal.Title>{props.title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{props.children}</Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('form.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={props.onSave} loading={props.saving} disabled={props.saveDisabled}>
            {props.saveLabel}
          </Button>
        </Modal.Footer>
      </ModalContent>
    </Modal.Root>
  );
}
