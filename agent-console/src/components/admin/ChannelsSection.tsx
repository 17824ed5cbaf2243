// Admin > Channels: every inbox with its channel and live status; add or edit one; web chat embed.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { opsApi } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import type { InboxFull, InboxStatus } from '../../types-ops.js';
import { ChannelIcon } from '../ChannelIcon.js';
import { InboxForm } from './InboxForm.js';
import { WebchatEmbed } from './WebchatEmbed.js';

const STATE_TONE: Record<string, string> = { ready: 'ok', connected: 'ok', error: 'danger', auth_failed: 'danger', disabled: '', unknown: 'warn' };
const KNOWN_STATES = ['ready', 'connected', 'error', 'auth_failed', 'disabled', 'unknown'] as const;

export function ChannelsSection() {
  const { t, lang } = useI18n();
  const [inboxes, setInboxes] = useState<InboxFull[] | null>(null);
  const [status, setStatus] = useState<Record<string, InboxStatus | 'error'>>({});
  const [editing, setEditing] = useState<InboxFull | 'new' | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ id: string; value: string } | null>(null);
  const [failed, setFailed] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    opsApi.inboxes().then(({ inboxes: list }) => {
      if (cancelled) return;
      setInboxes(list);
      for (const i of list) {
        opsApi.inboxStatus(i.id).then((s) => !cancelled && setStatus((cur) => ({ ...cur, [i.id]: s })))
          .catch(() => !cancelled && setStatus((cur) => ({ ...cur, [i.id]: 'error' })));
      }
    }).catch(() => !cancelled && setFailed(true));
    return () => { cancelled = true; };
  }, [reload]);

  function saved(inbox: InboxFull, identitySecret?: string) {
    setEditing(null);
    if (identitySecret) { setSecret({ id: inbox.id, value: identitySecret }); setExpanded(inbox.id); }
    setReload((n) => n + 1);
  }

  return (
    <section class="card" aria-labelledby="channels-title" data-testid="channels-section">
      <div class="card-head">
        <h2 class="card-title" id="channels-title">{t('ch.title')}</h2>
        <button type="button" class="btn primary small" data-testid="inbox-add" onClick={() => setEditing('new')}>{t('ch.add')}</button>
      </div>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {editing && <InboxForm key={editing === 'new' ? 'new' : editing.id} inbox={editing === 'new' ? null : editing} onSaved={saved} onCancel={() => setEditing(null)} />}
      {inboxes && (
        <div class="table-wrap">
          <table class="table" data-testid="inbox-table">
            <thead>
              <tr><th scope="col">{t('admin.name')}</th><th scope="col">{t('ch.channel')}</th><th scope="col">{t('ch.status')}</th><th scope="col">{t('ch.actions')}</th></tr>
            </thead>
            <tbody>
              {inboxes.map((i) => {
                const s = status[i.id];
                return (
                  <Fragment key={i.id}>
                    <tr data-inbox-id={i.id}>
                      <th scope="row">{i.name} <span class="muted small">{i.language.toUpperCase()}</span></th>
                      <td><span class={`chan chan-${i.channel}`}><ChannelIcon channel={i.channel} size={12} /> {t(`channel.${i.channel}`)}</span></td>
                      <td data-testid="inbox-status">
                        {s === undefined ? <span class="muted">…</span> : s === 'error' ? <span class="badge danger">{t('ch.statusUnknown')}</span> : (
                          <span title={s.at ? new Date(s.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : undefined}>
                            <span class={`badge ${STATE_TONE[s.state] ?? ''}`} data-state={s.state}>{(KNOWN_STATES as readonly string[]).includes(s.state) ? t(`chState.${s.state as 'ready'}`) : s.state}</span>
                            {s.message && <span class="muted small status-msg"> {s.message}</span>}
                          </span>
                        )}
                      </td>
                      <td class="row-actions">
                        <button type="button" class="btn secondary small" onClick={() => setEditing(i)} aria-label={`${t('ch.edit')}: ${i.name}`}>{t('ch.edit')}</button>
                        {i.channel === 'webchat' && (
                          <button type="button" class="btn ghost small" aria-expanded={expanded === i.id} data-testid="embed-toggle"
                            onClick={() => setExpanded((x) => (x === i.id ? null : i.id))}>{t('ch.embedToggle')}</button>
                        )}
                      </td>
                    </tr>
                    {expanded === i.id && i.channel === 'webchat' && (
                      <tr class="embed-row"><td colSpan={4}><WebchatEmbed inbox={i} initialSecret={secret?.id === i.id ? secret.value : undefined} /></td></tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
