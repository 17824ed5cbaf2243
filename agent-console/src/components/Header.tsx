// Top bar: brand, pages, connection state, presence, language, who is signed in, logout.
import { useI18n, useSession } from '../context.js';
import type { Presence } from '../types.js';
import type { Route } from '../hooks/useHashRoute.js';
import { useState } from 'preact/hooks';
import { LangSwitch } from './LangSwitch.js';
import { NewConversation } from './NewConversation.js';

interface Props {
  page: Route['page'];
  presence: Presence;
  onPresence: (p: Presence) => void;
  onLogout: () => void;
  onHelp: () => void;
}

export function Header({ page, presence, onPresence, onLogout, onHelp }: Props) {
  const { t } = useI18n();
  const { me, connected } = useSession();
  const [writing, setWriting] = useState(false);
  const links: { page: Props['page']; href: string; label: string; show: boolean }[] = [
    { page: 'inbox', href: '#/inbox', label: t('nav.inbox'), show: true },
    { page: 'kb', href: '#/kb', label: t('nav.kb'), show: true },
    { page: 'customers', href: '#/customers', label: t('nav.customers'), show: true },
    { page: 'replies', href: '#/replies', label: t('nav.replies'), show: true },
    { page: 'supervisor', href: '#/supervisor', label: t('nav.supervisor'), show: me.role !== 'agent' },
    { page: 'reports', href: '#/reports', label: t('nav.reports'), show: me.role !== 'agent' },
    { page: 'admin', href: '#/admin', label: t('nav.admin'), show: me.role === 'admin' },
  ];
  return (
    <header class="topbar">
      <div class="brand">
        <span class="logo" aria-hidden="true">SB</span>
        <span class="brand-name">Switchboard</span>
      </div>
      <nav class="nav" aria-label={t('nav.label')}>
        {links.filter((l) => l.show).map((l) => (
          <a key={l.page} href={l.href} class={`nav-link${page === l.page ? ' active' : ''}`} aria-current={page === l.page ? 'page' : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      <div class="topbar-right">
        <button type="button" class="btn primary small nc-open" data-testid="nc-open" onClick={() => setWriting(true)} aria-label={t('nc.open')} title={t('nc.open')}>+ {t('nc.openShort')}</button>
        {writing && <NewConversation onClose={() => setWriting(false)} />}
        <span class={`conn ${connected ? 'ok' : 'down'}`} role="status">
          <span class="dot" aria-hidden="true" />
          {connected ? t('conn.live') : t('conn.reconnecting')}
        </span>
        <label class={`presence presence-${presence}`}>
          <span class="dot" aria-hidden="true" />
          <span class="sr-only">{t('presence.label')}</span>
          <select data-testid="presence-select" value={presence} onChange={(e) => onPresence(e.currentTarget.value as Presence)}>
            <option value="online">{t('presence.online')}</option>
            <option value="away">{t('presence.away')}</option>
          </select>
        </label>
        <LangSwitch />
        <button type="button" class="btn ghost icon" onClick={onHelp} aria-label={t('shortcuts.title')} title={t('shortcuts.title')}>?</button>
        <span class="me" title={me.email}>
          <span class="me-name">{me.name}</span>
          <span class="me-role">{t(`role.${me.role}`)}</span>
        </span>
        <button type="button" class="btn secondary small" onClick={onLogout}>{t('auth.logout')}</button>
      </div>
    </header>
  );
}
