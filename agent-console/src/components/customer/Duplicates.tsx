// Possible duplicates of this customer; supervisors and admins can merge one in, then undo.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, opsApi } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { DuplicateSuggestion } from '../../types-ops.js';
import { customerLabel } from '../../customer-label.js';

export function Duplicates({ customerId, onChanged }: { customerId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const { me, notify } = useSession();
  const [list, setList] = useState<DuplicateSuggestion[]>([]);
  const [undo, setUndo] = useState<{ auditId: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const canMerge = me.role !== 'agent';

  useEffect(() => {
    let cancelled = false;
    opsApi.duplicates(customerId).then((r) => !cancelled && setList(r.duplicates)).catch(() => !cancelled && setList([]));
    return () => { cancelled = true; };
  }, [customerId, reload]);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
      setReload((n) => n + 1);
      onChanged();
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(false);
    }
  }
  const label = (d: DuplicateSuggestion) => customerLabel(t, d.customer);
  if (!list.length && !undo) return null;
  return (
    <>
      <h3 class="sub-title">{t('cust.duplicates', { n: list.length })}</h3>
      {undo && (
        <div class="undo-bar" role="status">
          <span class="small">{t('cust.merged', { name: undo.name })}</span>
          <button type="button" class="btn secondary small" data-testid="merge-undo" disabled={busy}
            onClick={() => void act(async () => { await opsApi.undoMerge(undo.auditId); setUndo(null); notify(t('cust.unmerged'), 'info'); })}>{t('cust.undo')}</button>
        </div>
      )}
      <ul class="duplicates" data-testid="duplicates">
        {list.map((d) => (
          <li key={d.customer.id} class="duplicate">
            <div class="dup-name">{label(d)}</div>
            <div class="muted small">{[d.customer.email, d.customer.phone, d.customer.company].filter(Boolean).join(' · ')}</div>
            <div class="muted small">{t('cust.matchedOn', { reasons: d.reasons.join(', ') })}</div>
            {canMerge && (
              <button type="button" class="btn secondary small" data-testid="merge-button" disabled={busy}
                aria-label={t('cust.mergeInto', { name: label(d) })}
                onClick={() => void act(async () => { const r = await opsApi.merge(customerId, d.customer.id); setUndo({ auditId: r.auditId, name: label(d) }); })}>
                {t('cust.merge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
