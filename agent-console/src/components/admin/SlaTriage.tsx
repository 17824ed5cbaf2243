// SLA policies per priority (first response, next response, resolution in minutes) and the
// classifier's triage threshold.
import { useState } from 'preact/hooks';
import { opsApi } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import type { SlaPolicy } from '../../types-ops.js';
import { useFieldSave } from './useFieldSave.js';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const KEYS = ['firstResponseSec', 'nextResponseSec', 'resolutionSec'] as const;
type Key = (typeof KEYS)[number];

function SlaRow({ policy }: { policy: SlaPolicy }) {
  const { t } = useI18n();
  const [v, setV] = useState<Record<Key, string>>(() => ({
    firstResponseSec: String(policy.firstResponseSec / 60), nextResponseSec: String(policy.nextResponseSec / 60), resolutionSec: String(policy.resolutionSec / 60),
  }));
  const { busy, run, errorFor, error } = useFieldSave();
  const p = PRIORITIES[policy.priority] ?? 'normal';
  function save() {
    const mins = (k: Key) => Math.round(Number(v[k]) * 60);
    void run(async () => {
      await opsApi.saveSla({ priority: policy.priority, firstResponseSec: mins('firstResponseSec'), nextResponseSec: mins('nextResponseSec'), resolutionSec: mins('resolutionSec') });
    }, t('rt.slaSaved', { p: t(`priority.${p}`) }));
  }
  return (
    <tr data-priority={policy.priority}>
      <th scope="row">{t(`priority.${p}`)}</th>
      {KEYS.map((k) => (
        <td key={k}>
          <input type="number" min={1} step="any" class="num-input" value={v[k]} data-field={k}
            aria-label={`${t(`priority.${p}`)} — ${t(`rt.${k}`)}`} aria-invalid={errorFor(k) ? 'true' : undefined}
            onInput={(e) => { const x = e.currentTarget.value; setV((cur) => ({ ...cur, [k]: x })); }} />
          {errorFor(k) && <small class="field-error" role="alert">{errorFor(k)}</small>}
        </td>
      ))}
      <td>
        <button type="button" class="btn secondary small" disabled={busy} onClick={save}>{t('rt.save')}</button>
        {error && !KEYS.some((k) => errorFor(k)) && <small class="field-error" role="alert">{error.text}</small>}
      </td>
    </tr>
  );
}

export function SlaPolicies({ policies }: { policies: SlaPolicy[] }) {
  const { t } = useI18n();
  const rows = [0, 1, 2, 3].map((priority) => policies.find((p) => p.priority === priority) ?? { priority, firstResponseSec: 3600, nextResponseSec: 3600, resolutionSec: 86_400 });
  return (
    <div class="table-wrap">
      <table class="table" data-testid="sla-policies">
        <caption class="sub-title">{t('rt.sla')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rt.priority')}</th>
            {KEYS.map((k) => <th key={k} scope="col">{t(`rt.${k}`)}</th>)}
            <th scope="col"><span class="sr-only">{t('ch.actions')}</span></th>
          </tr>
        </thead>
        <tbody>{rows.map((p) => <SlaRow key={p.priority} policy={p} />)}</tbody>
      </table>
    </div>
  );
}

export function TriageForm({ threshold }: { threshold: number }) {
  const { t } = useI18n();
  const [v, setV] = useState(String(threshold));
  const { busy, run, error } = useFieldSave();
  return (
    <form class="inline-form triage" onSubmit={(e) => { e.preventDefault(); void run(async () => { await opsApi.saveTriage(Number(v)); }, t('rt.triageSaved')); }}>
      <label class="field"><span>{t('rt.triage')}</span>
        <input type="number" min={0} max={1} step={0.01} value={v} data-field="threshold" aria-invalid={error ? 'true' : undefined}
          onInput={(e) => setV(e.currentTarget.value)} />
        <small class="muted">{t('rt.triageHint')}</small>
        {error && <small class="field-error" role="alert">{error.text}</small>}</label>
      <button type="submit" class="btn secondary small" disabled={busy}>{t('rt.save')}</button>
    </form>
  );
}
