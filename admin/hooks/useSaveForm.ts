import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { toApiFailure } from '../api/errors';
import { useT } from '../utils/useT';

/**
 * The save step every record form shares: while `write` runs the form shows
 * `saving`; on success it notifies `done` and hands what was saved to `onSaved`
 * (a new record's page, an invoice shown again); on failure it keeps the
 * server's field errors for inline display and notifies its message.
 * The server owns the rules, so a form only sends what was typed.
 * `done` may be built from the answer when the message depends on what the
 * server did (e.g. which rate a new one closed).
 */
export function useSaveForm<T = unknown>(onSaved: (saved: T) => void) {
  const { toggleNotification } = useNotification();
  const t = useT();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(write: () => Promise<T>, done: string | ((saved: T) => string)) {
    setSaving(true);
    setErrors({});
    try {
      const saved = await write();
      toggleNotification({ type: 'success', message: typeof done === 'string' ? done : done(saved) });
      onSaved(saved);
    } catch (failure) {
      const f = toApiFailure(failure, t);
      setErrors(f.fieldErrors);
      toggleNotification({ type: 'danger', message: f.message });
    } finally {
      setSaving(false);
    }
  }

  return { errors, saving, submit };
}
