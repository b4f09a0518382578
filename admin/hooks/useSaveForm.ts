import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { toApiFailure, type ApiFailure } from '../api/errors';
import type { Translate } from '../utils/useT';
import { useT } from '../utils/useT';

/**
 * The save step every record form shares: while `write` runs the form shows
 * `saving`; on success it notifies `done` and hands what was saved to `onSaved`
 * (a new record's page, an invoice shown again); on failure it keeps the
 * server's field errors for inline display and notifies its message.
 * The server owns the rules, so a form only sends what was typed.
 * `done` may be built from the answer when the message depends on what the
 * server did (e.g. which rate a new one closed). `describe` words a failure when a
 * form knows its fields' rules better than the generic wording.
 */
export function useSaveForm<T = unknown>(
  onSaved: (saved: T) => void,
  describe: (failure: unknown, t: Translate) => ApiFailure = toApiFailure,
) {
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
      const f = describe(failure, t);
      setErrors(f.fieldErrors);
      toggleNotification({ type: 'danger', message: f.message });
    } finally {
      setSaving(false);
    }
  }

  return { errors, saving, submit };
}
