// A running or finished purchase import: an ARIA progress bar (focusable, so keyboard and screen
// reader users can land on it), a live summary, and the table of bad rows (line, field, reason).
import { useEffect, useRef } from 'preact/hooks';
import type { ImportProgress } from '../../api-customers.js';
import { useI18n } from '../../context.js';

export function ImportStatus({ progress: p, pollFailed }: { progress: ImportProgress; pollFailed: boolean }) {
  const { t, lang } = useI18n();
  const n = (x: number) => x.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
  const done = p.status === 'done';
  // A header-only file has no rows: finished means full.
  const pct = p.total > 0 ? Math.round((p.processed / p.total) * 100) : done ? 100 : 0;
  const report = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The report is what the agent came for: take keyboard focus there once the job ends.
    if (done && p.errorCount > 0) report.current?.focus();
  }, [done, p.errorCount]);

  const summary = p.status === 'running'
    ? t('imp.running', { processed: n(p.processed), total: n(p.total) })
    : done
      ? t('imp.done', { inserted: n(p.inserted), skipped: n(p.skipped), errors: n(p.errorCount) })
      : t('imp.failed', { processed: n(p.processed), total: n(p.total) });

  return (
    <div class="import-status" data-testid="import-status" data-status={p.status}>
      <div class="progress" role="progressbar" tabIndex={0} aria-label={t('imp.progress')} data-testid="import-progress"
        aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={p.processed} aria-valuetext={t('imp.rows', { processed: n(p.processed), total: n(p.total) })}>
        <div class={`progress-fill${p.status === 'failed' ? ' failed' : ''}`} style={{ width: `${pct}%` }} />
      </div>
      <p class={p.status === 'failed' ? 'field-error' : 'small'} role="status" data-testid="import-summary">{summary}</p>
      {pollFailed && <p class="muted small">{t('imp.pollFailed')}</p>}
      {p.status !== 'running' && p.errorCount > 0 && (
        <div class="table-wrap import-errors">
          <h3 class="sub-title" ref={report} tabIndex={-1} id={`import-errors-${p.jobId}`}>{t('imp.errorsTitle', { n: n(p.errorCount) })}</h3>
          {p.errorCount > p.errors.length && <p class="muted small">{t('imp.errorsTruncated', { shown: n(p.errors.length), n: n(p.errorCount) })}</p>}
          <table class="table" data-testid="import-errors" aria-labelledby={`import-errors-${p.jobId}`}>
            <thead>
              <tr><th scope="col" class="num">{t('imp.line')}</th><th scope="col">{t('imp.field')}</th><th scope="col">{t('imp.reason')}</th></tr>
            </thead>
            <tbody>
              {p.errors.map((e) => (
                <tr key={`${e.line}:${e.field}`} data-line={e.line}>
                  <td class="num">{e.line}</td><td><code>{e.field}</code></td><td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
