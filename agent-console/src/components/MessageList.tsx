// The thread. Sticks to the bottom while the agent is reading the latest messages; opened from a
// search hit, it scrolls to that message once and marks it instead.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../context.js';
import type { StaffMessage } from '../types.js';
import { MessageItem } from './MessageItem.js';

export function MessageList({ messages, loading, hitId = null }: { messages: StaffMessage[]; loading: boolean; hitId?: number | null }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const shownHit = useRef<number | null>(null);
  const hitLoaded = hitId !== null && messages.some((m) => m.id === hitId);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (hitId !== null && hitLoaded && shownHit.current !== hitId) {
      shownHit.current = hitId;
      stick.current = false;
      el.querySelector<HTMLElement>(`[data-message-id="${hitId}"]`)?.scrollIntoView({ block: 'center' });
      return;
    }
    if (stick.current) el.scrollTop = el.scrollHeight;
  }, [messages, hitId]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <div class="thread" ref={ref} role="log" aria-label={t('thread.label')} aria-live="polite" aria-relevant="additions" tabIndex={0}>
      {loading && !messages.length && <p class="muted center">{t('conversation.loading')}</p>}
      {!loading && !messages.length && <p class="muted center">{t('thread.empty')}</p>}
      {hitId !== null && !loading && messages.length > 0 && !hitLoaded && <p class="muted center">{t('search.hitMissing')}</p>}
      {messages.map((m) => <MessageItem key={m.id} m={m} hit={m.id === hitId} />)}
    </div>
  );
}
