// "Download CSV" for one report: fetched with the session cookie, saved via a blob URL.
import { useState } from 'preact/hooks';
import { downloadCsv, errorMessage } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { ReportFilter, ReportName } from '../../types-ops.js';

export function CsvButton({ name, filter, label }: { name: ReportName; filter: ReportFilter; label: string }) {
  const { t } = useI18n();
  const { notify } = useSession();
  const [busy, setBusy] = useState(false);
  async function go() {
    setBusy(true);
    try {
      await downloadCsv(name, filter);
    } catch (err) {
      notify(`${t('rep.csvFailed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" class="btn secondary small csv-btn" data-testid={`csv-${name}`} disabled={busy} onClick={() => void go()}
      aria-label={`${t('rep.csv')}: ${label}`}>
      <DownloadIcon /> {t('rep.csv')}
    </button>
  );
}

function DownloadIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  );
}
