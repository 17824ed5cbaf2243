// Purchase CSV import for supervisors and admins (the server's import route needs the supervisor
// role): pick a file, upload it, follow the job's progress API, then read the bad-row report.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { customersApi, MAX_IMPORT_BYTES, type ImportProgress } from '../../api-customers.js';
import { errorMessage } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import { ImportStatus } from './ImportStatus.js';

type State =
  | { step: 'idle' }
  | { step: 'uploading' }
  | { step: 'rejected'; reason: string }
  | { step: 'tracking'; progress: ImportProgress; pollFailed: boolean };

const POLL_MS = 400;
const JOB_KEY = 'sb.purchaseImport';

// The job runs on the server whatever the page does: remember it, so coming back shows it again.
function rememberJob(jobId: string | null): void {
  try {
    if (jobId) sessionStorage.setItem(JOB_KEY, jobId);
    else sessionStorage.removeItem(JOB_KEY);
  } catch {
    // storage disabled: the job is only followed while this page stays open
  }
}
function rememberedJob(): string | null {
  try {
    return sessionStorage.getItem(JOB_KEY);
  } catch {
    return null;
  }
}

export function PurchaseImport() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const jobId = state.step === 'tracking' ? state.progress.jobId : null;
  const finished = state.step === 'tracking' && state.progress.status !== 'running';

  useEffect(() => {
    const remembered = rememberedJob();
    if (!remembered) return;
    let cancelled = false;
    customersApi.importProgress(remembered).then(
      (progress) => { if (!cancelled) setState((s) => (s.step === 'idle' ? { step: 'tracking', progress, pollFailed: false } : s)); },
      () => rememberJob(null),
    );
    return () => { cancelled = true; };
  }, []);

  // Polls the job until it finishes; a failed poll (network, restart) is retried, never taken as the job failing.
  useEffect(() => {
    if (!jobId || finished) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      customersApi.importProgress(jobId).then(
        (progress) => !cancelled && setState({ step: 'tracking', progress, pollFailed: false }),
        (err: unknown) => {
          if (cancelled) return;
          // A job the server no longer knows will never finish: stop asking.
          if (err instanceof ApiError && err.status === 404) {
            rememberJob(null);
            setState({ step: 'rejected', reason: err.message });
          } else setState((s) => (s.step === 'tracking' ? { ...s, pollFailed: true } : s));
        },
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [jobId, finished, state]);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return setState({ step: 'rejected', reason: t('imp.tooBig') });
    setState({ step: 'uploading' });
    try {
      const started = await customersApi.startImport(file);
      rememberJob(started.jobId);
      const now = new Date().toISOString();
      setState({ step: 'tracking', pollFailed: false, progress: { jobId: started.jobId, status: started.status, processed: 0, total: started.total, inserted: 0, skipped: 0, errors: [], errorCount: 0, startedAt: now, finishedAt: null } });
    } catch (err) {
      // A bad header or an empty file is a 400 whose message says what to fix.
      setState({ step: 'rejected', reason: err instanceof ApiError && err.status !== 0 ? err.message : errorMessage(err, t('error.network')) });
    }
  }

  const running = state.step === 'uploading' || (state.step === 'tracking' && !finished);
  return (
    <section class="panel purchase-import" aria-labelledby="import-title" data-testid="purchase-import">
      <h2 class="panel-title" id="import-title">{t('imp.title')}</h2>
      <p class="muted small" id="import-hint">{t('imp.hint')}</p>
      <form class="inline-form" onSubmit={(e) => void upload(e)}>
        <label class="sr-only" for="import-file">{t('imp.file')}</label>
        <input id="import-file" type="file" accept=".csv,text/csv" data-testid="import-file" aria-describedby="import-hint" disabled={running}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <button type="submit" class="btn primary small" data-testid="import-upload" disabled={!file || running}>
          {state.step === 'uploading' ? t('imp.uploading') : t('imp.upload')}
        </button>
      </form>
      {state.step === 'rejected' && <p class="field-error" role="alert" data-testid="import-rejected">{t('imp.rejected', { reason: state.reason })}</p>}
      {state.step === 'tracking' && <ImportStatus progress={state.progress} pollFailed={state.pollFailed} />}
    </section>
  );
}
