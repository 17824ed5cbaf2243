// The agent's workspace: list | conversation | customer, suggestions and routing.
import { useCallback, useState } from 'preact/hooks';
import { useI18n, useSession } from '../context.js';
import { useConversation } from '../hooks/useConversation.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { KbSuggestion } from '../types.js';
import { ConversationList } from './ConversationList.js';
import { ConversationView } from './ConversationView.js';
import { CustomerPanel } from './CustomerPanel.js';
import { RoutingTimeline } from './RoutingTimeline.js';
import { SuggestionsPanel } from './SuggestionsPanel.js';

export function InboxPage({ conversationId, messageId }: { conversationId: string | null; messageId: number | null }) {
  const { t } = useI18n();
  const { socket, navigate } = useSession();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [live, setLive] = useState<Record<string, KbSuggestion[]>>({});

  useSocketEvent(socket, 'suggestions.updated', (p) => setLive((s) => ({ ...s, [p.conversationId]: p.suggestions })));
  const open = useCallback((id: string, hit?: number | null) => navigate(`#/inbox/${encodeURIComponent(id)}${hit ? `/m/${hit}` : ''}`), [navigate]);

  return (
    <div class={conversationId ? 'inbox has-open' : 'inbox'}>
      <ConversationList selectedId={conversationId} onOpen={open} />
      {conversationId ? (
        <OpenConversation key={conversationId} id={conversationId} draft={drafts[conversationId] ?? ''}
          setDraft={(text) => setDrafts((d) => ({ ...d, [conversationId]: text }))}
          live={live[conversationId]} onOpen={open} hitId={messageId} />
      ) : (
        <>
          <main class="pane conversation empty-pane" aria-label={t('conversation.label')}>
            <div class="empty">
              <p class="empty-title">{t('conversation.none')}</p>
              <p class="muted">{t('conversation.noneHint')}</p>
            </div>
          </main>
          <aside class="pane side" aria-label={t('side.label')} />
        </>
      )}
    </div>
  );
}

interface OpenProps {
  id: string;
  draft: string;
  setDraft: (text: string) => void;
  live: KbSuggestion[] | undefined;
  onOpen: (id: string) => void;
  hitId: number | null;
}

function OpenConversation({ id, draft, setDraft, live, onOpen, hitId }: OpenProps) {
  const { t } = useI18n();
  const conv = useConversation(id);
  const lastCustomer = [...conv.messages].reverse().find((m) => m.authorKind === 'customer');

  const insert = (text: string) => {
    setDraft(draft.trim() ? `${draft.replace(/\s+$/, '')}\n\n${text}` : text);
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLTextAreaElement>('[data-testid="reply-input"]');
      if (el) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
    });
  };

  return (
    <>
      <ConversationView id={id} conv={conv} draft={draft} setDraft={setDraft} hitId={hitId} />
      <aside class="pane side" aria-label={t('side.label')}>
        {conv.summary && <CustomerPanel customerId={conv.summary.customer.id} currentId={id} onOpen={onOpen} />}
        <SuggestionsPanel conversationId={id} live={live} seed={lastCustomer?.body ?? null} onInsert={insert} />
        <RoutingTimeline routing={conv.routing} />
      </aside>
    </>
  );
}
