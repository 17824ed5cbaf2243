// An article's versions (newest first, each loadable into the editor) and its status changes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../context.js';
import type { KbHistory as History } from '../types.js';
import { formatTime } from '../util.js';

interface Props {
  id: string;
  /** Changes whenever the article is saved, so the list catches up. */
  reloadKey: string;
  onLoad: (version: { title: string; body: string }) => void;
}

export function KbHistory({ id, reloadKey, onLoad }: Props) {
  const { t, lang } = useI18n();
  const [history, setHistory] = useState<History | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.kbHistory(id).then((h) => !cancelled && setHistory(h)).catch(() => undefined);
    return () => { cancelled = true; };
  }, [id, reloadKey]);

  if (!history) return null;
  const who = (name: string | null) => t('kbh.by', { name: name ?? t('kbh.someone') });
  return (
    <section class="card kb-history" aria-label={t('kbh.title')}>
      <h2 class="card-title">{t('kbh.title')}</h2>
      {!history.versions.length && <p class="muted small">{t('kbh.none')}</p>}
      <ul class="kb-versions" data-testid="kb-versions">
        {history.versions.map((v, i) => (
          <li key={v.version} data-testid="kb-version">
            <span class="kb-version-head">
              <strong>{t('kbh.version', { n: v.version })}</strong>
              <span class="muted small">{who(v.editorName)} · <time dateTime={v.createdAt}>{formatTime(v.createdAt, lang)}</time></span>
            </span>
            <span class="kb-version-title">{v.title}</span>
            {i > 0 && <button type="button" class="btn ghost small" onClick={() => onLoad(v)}>{t('kbh.load')}</button>}
          </li>
        ))}
      </ul>
      {history.statusChanges.length > 0 && (
        <>
          <h3 class="sub-title">{t('kbh.statusTitle')}</h3>
          <ul class="kb-versions">
            {history.statusChanges.map((c) => (
              <li key={c.at + c.to}>
                <span>{c.from ? `${t(`kbStatus.${c.from}`)} → ${t(`kbStatus.${c.to}`)}` : t('kbh.created', { to: t(`kbStatus.${c.to}`) })}</span>
                <span class="muted small">{who(c.actorName)} · <time dateTime={c.at}>{formatTime(c.at, lang)}</time></span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
