// The open conversation: header with actions, the live thread, the typing line and the composer.
import { useI18n } from '../context.js';
import type { ConversationState } from '../hooks/useConversation.js';
import { ChannelIcon } from './ChannelIcon.js';
import { Composer } from './Composer.js';
import { ConversationActions } from './ConversationActions.js';
import { AcceptCall, TypeSelect } from './ConversationTools.js';
import { PriorityBadge, StatusBadge, TypeBadge } from './Badges.js';
import { MessageList } from './MessageList.js';
import { customerLabel } from '../customer-label.js';

interface Props {
  id: string;
  /** A search hit to scroll to and mark. */
  hitId?: number | null;
  conv: ConversationState;
  draft: string;
  setDraft: (text: string) => void;
}

export function ConversationView({ id, conv, draft, setDraft, hitId = null }: Props) {
  const { t } = useI18n();
  const c = conv.summary;
  if (!c) {
    return (
      <main class="pane conversation" aria-label={t('conversation.label')}>
        <div class="empty">{conv.error ? <p class="form-error" role="alert">{t('conversation.loadFailed')}</p> : <p class="muted">{t('conversation.loading')}</p>}</div>
      </main>
    );
  }
  const name = customerLabel(t, c.customer);
  const typing = conv.typing;
  return (
    <main class="pane conversation" aria-label={t('conversation.label')} data-conversation-id={id}>
      <header class="conv-header">
        <div class="conv-title">
          <h1>{name}</h1>
          <div class="conv-badges">
            <span class={`chan chan-${c.channel}`}><ChannelIcon channel={c.channel} size={14} /> {t(`channel.${c.channel}`)}</span>
            <StatusBadge status={c.status} />
            <PriorityBadge priority={c.priority} />
            <TypeBadge type={c.type} />
            {c.language && <span class="badge">{c.language.toUpperCase()}</span>}
          </div>
          {c.subject && <p class="conv-subject-line">{c.subject}</p>}
        </div>
        <div class="conv-tools">
          <AcceptCall c={c} />
          <TypeSelect c={c} onChanged={conv.applySummary} />
          <ConversationActions c={c} onChanged={conv.applySummary} />
        </div>
      </header>
      {c.status === 'resolved' && <div class="banner">{t('conversation.resolvedBanner')}</div>}
      <MessageList messages={conv.messages} loading={conv.loading} history={conv} hitId={hitId} />
      <div class="typing-line" aria-live="polite">
        {typing && (
          <span class="typing">
            <span class="typing-dots" aria-hidden="true"><i /><i /><i /></span>
            {typing.who === 'customer' ? t('typing.customer') : t('typing.agent', { name: typing.name ?? t('typing.someone') })}
          </span>
        )}
      </div>
      <Composer conversationId={id} channel={c.channel} limits={conv.limits} draft={draft} setDraft={setDraft} onSent={conv.addMessage} />
    </main>
  );
}
