import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../api/errors';

/**
 * The save step every record form shares: while `write` runs the form shows
 * `saving`; on success it notifies `done` and calls `onSaved`; on failure it
 * keeps the server's field errors for inline display and notifies its message.
 * The server owns the rules, so a form only sends what was typed.
 */
export function useSaveForm(onSaved: () => void) {
  const { toggleNotification } = useNotification();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(write: () => Promise<unknown>, done: string) {
    setSaving(true);
    setErrors({});
    try {
      await write();
      toggleNotification({ type: 'success', message: done });
      onSaved();
    } catch (failure) {
      const f = toApiFailure(failure);
      setErrors(f.fieldErrors);
      toggleNotification({ type: 'danger', message: f.message });
    } finally {
      setSaving(false);
    }
  }

  return { errors, saving, submit };
}
