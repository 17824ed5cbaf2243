// One message. Customer, agent, private note and system/bot messages each look distinct;
// the body is always rendered as text (links made clickable as elements, never as HTML).
import { useI18n } from '../context.js';
import type { DeliveryStatus, StaffMessage } from '../types.js';
import { formatTime } from '../util.js';
import { Attachments } from './Attachments.js';
import { FormattedText } from './FormattedText.js';

const DELIVERY_ICON: Record<DeliveryStatus, string> = { stored: '•', queued: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

export function MessageItem({ m, hit = false }: { m: StaffMessage; hit?: boolean }) {
  const { t, lang } = useI18n();
  const kind = m.private ? 'note' : m.authorKind;
  const author = m.authorKind === 'customer'
    ? (m.authorName ?? t('customer.customer'))
    : m.authorKind === 'agent' ? (m.authorName ?? t('thread.agent')) : m.authorKind === 'bot' ? (m.authorName ?? t('thread.bot')) : t('thread.system');
  const showDelivery = m.direction === 'out' && !m.private && m.authorKind !== 'system';

  return (
    <article class={`msg msg-${kind}${hit ? ' msg-hit' : ''}`} data-testid="message" data-hit={hit ? 'true' : undefined} data-private={m.private ? 'true' : 'false'} data-author={m.authorKind}
      data-message-id={m.id} aria-label={m.private ? t('thread.privateNote') : undefined}>
      {m.private && <div class="note-label"><LockIcon /> {t('thread.privateNote')}</div>}
      <div class="msg-meta">
        <span class="msg-author">{author}</span>
        <time dateTime={m.createdAt}>{formatTime(m.createdAt, lang)}</time>
      </div>
      <div class="msg-body formatted"><FormattedText text={m.body} /></div>
      <Attachments items={m.attachments} />
      {showDelivery && (
        <div class={`delivery d-${m.deliveryStatus}`} title={m.deliveryError ?? undefined}>
          <span aria-hidden="true">{DELIVERY_ICON[m.deliveryStatus]}</span> {t(`delivery.${m.deliveryStatus}`)}
          {m.deliveryStatus === 'failed' && m.deliveryError && <span class="delivery-error">: {m.deliveryError}</span>}
        </div>
      )}
    </article>
  );
}

function LockIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round">
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  );
}
