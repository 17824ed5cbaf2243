// The thread. Sticks to the bottom while the agent is reading the latest messages.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../context.js';
import type { StaffMessage } from '../types.js';
import { MessageItem } from './MessageItem.js';

export function MessageList({ messages, loading }: { messages: StaffMessage[]; loading: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

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
      {messages.map((m) => <MessageItem key={m.id} m={m} />)}
    </div>
  );
}
