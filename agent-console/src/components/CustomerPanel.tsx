// Who the customer is: profile, identities, and every conversation they had on any channel.
import { useEffect, useState } from 'preact/hooks';
import { NewConversation } from './NewConversation.js';
import { opsApi, type CustomerFull } from '../api-ops.js';
import { useI18n, useSession } from '../context.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { ConversationSummary } from '../types.js';
import { formatTime, initials } from '../util.js';
import { StatusBadge } from './Badges.js';
import { ChannelIcon } from './ChannelIcon.js';
import { Duplicates } from './customer/Duplicates.js';
import { Attributes } from './customer/Attributes.js';
import { Lifecycle, Purchases, TagsNotes } from './customer/CustomerExtras.js';
import { Leads } from './customer/Leads.js';
import { customerLabel } from '../customer-label.js';

interface Props {
  customerId: string;
  currentId: string;
  onOpen: (id: string) => void;
}

export function CustomerPanel({ customerId, currentId, onOpen }: Props) {
  const { t, lang } = useI18n();
  const { socket, epoch } = useSession();
  const [customer, setCustomer] = useState<CustomerFull | null>(null);
  const [failed, setFailed] = useState(false);
  const [writing, setWriting] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setFailed(false);
    opsApi.customer(customerId)
      .then((c) => !cancelled && setCustomer(c))
      .catch(() => !cancelled && setFailed(true));
    return () => { cancelled = true; };
  }, [customerId, epoch, reload]);

  const patch = (c: ConversationSummary) => {
    if (c.customer.id !== customerId || !customer) return;
    if (!customer.conversations.some((x) => x.id === c.id)) return setReload((n) => n + 1);
    setCustomer((cur) => cur && { ...cur, conversations: cur.conversations.map((x) => (x.id === c.id ? c : x)) });
  };
  useSocketEvent(socket, 'conversation.created', patch);
  useSocketEvent(socket, 'conversation.updated', patch);

  if (!customer || customer.id !== customerId) {
    return (
      <section class="panel" data-testid="customer-panel" aria-label={t('customer.title')}>
        <h2 class="panel-title">{t('customer.title')}</h2>
        <p class="muted">{failed ? t('error.load') : t('conversation.loading')}</p>
      </section>
    );
  }

  const name = customerLabel(t, customer);
  return (
    <section class="panel" data-testid="customer-panel" aria-label={t('customer.title')}>
      <h2 class="panel-title">{t('customer.title')}</h2>
      <div class="profile">
        <span class="avatar" aria-hidden="true">{initials(customer.name ?? t('customer.visitor'))}</span>
        <div class="profile-main">
          <div class="profile-name">{name}</div>
          {customer.company && <div class="muted small">{customer.company}</div>}
        </div>
        <button type="button" class="btn secondary small nc-write" data-testid="nc-write" onClick={() => setWriting(true)}>{t('nc.write')}</button>
      </div>
      {writing && <NewConversation customer={customer} onClose={() => setWriting(false)} />}
      <dl class="facts">
        <dt>{t('customer.email')}</dt>
        <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : <span class="muted">—</span>}</dd>
        <dt>{t('customer.phone')}</dt>
        <dd>{customer.phone ?? <span class="muted">—</span>}</dd>
        <dt>{t('customer.channels')}</dt>
        <dd class="chips">
          {customer.channels.length ? customer.channels.map((ch) => (
            <span key={ch} class={`chan chan-${ch}`}><ChannelIcon channel={ch} size={12} /> {t(`channel.${ch}`)}</span>
          )) : <span class="muted">—</span>}
        </dd>
      </dl>

      <Lifecycle customer={customer} />
      <TagsNotes key={`${customer.id}:${String(customer.notes)}:${(customer.tags ?? []).join('|')}`} customer={customer} onSaved={() => setReload((n) => n + 1)} />
      <Attributes customerId={customer.id} attributes={customer.attributes} onSaved={() => setReload((n) => n + 1)} />
      <Leads leads={customer.leads ?? []} conversations={customer.conversations} currentId={currentId} onSaved={() => setReload((n) => n + 1)} />
      <Purchases customer={customer} />
      <Duplicates customerId={customer.id} onChanged={() => setReload((n) => n + 1)} />

      <h3 class="sub-title">{t('customer.identities')}</h3>
      {customer.identities.length ? (
        <ul class="identities">
          {customer.identities.map((i) => (
            <li key={`${i.kind}:${i.value}`}>
              <span class="id-kind">{i.kind}</span>
              <span class="id-value" title={i.value}>{i.value}</span>
              <span class={`badge ${i.verified ? 'ok' : ''}`}>{i.verified ? t('customer.verified') : t('customer.unverified')}</span>
            </li>
          ))}
        </ul>
      ) : <p class="muted small">{t('customer.noIdentities')}</p>}

      <h3 class="sub-title">{t('customer.history', { n: customer.conversations.length })}</h3>
      <ul class="history">
        {customer.conversations.map((c) => (
          <li key={c.id}>
            <button type="button" class={`history-item${c.id === currentId ? ' current' : ''}`} aria-current={c.id === currentId ? 'true' : undefined}
              data-testid="customer-conversation" data-conversation-id={c.id} onClick={() => onOpen(c.id)}>
              <span class="history-top">
                <span class={`chan chan-${c.channel}`}><ChannelIcon channel={c.channel} size={12} /> {t(`channel.${c.channel}`)}</span>
                <StatusBadge status={c.status} />
                <time class="muted small" dateTime={c.lastMessageAt}>{formatTime(c.lastMessageAt, lang)}</time>
              </span>
              <span class="history-preview">{c.id === currentId ? t('customer.current') : (c.subject ?? c.lastMessage?.body ?? t('list.noMessages'))}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
