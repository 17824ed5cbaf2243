// Submit flow for the routing forms: busy flag, and the server's error with the field it names.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { errorMessage } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';

export interface FieldError { field: string | null; text: string }

export function useFieldSave() {
  const { t } = useI18n();
  const { notify } = useSession();
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<void>, okText?: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (okText) notify(okText, 'info');
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field ?? null : null, text: errorMessage(err, t('action.failed')) });
    } finally {
      setBusy(false);
    }
  }
  /** The error when it names this field (or a field under it). */
  const errorFor = (field: string) => (error?.field && (error.field === field || error.field.startsWith(`${field}.`)) ? error.text : null);
  return { error, busy, run, errorFor };
}
