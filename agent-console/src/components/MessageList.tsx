// The thread. Sticks to the bottom while the agent is reading the latest messages; scrolling near the
// top (or the button there, for keyboards) loads older messages and keeps what was on screen in place.
// Opened from a search hit, it loads older pages until the hit is there, scrolls to it once and marks it.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n, useSession } from '../context.js';
import type { StaffMessage } from '../types.js';
import { MessageItem } from './MessageItem.js';

/** Older messages start loading when the agent scrolls this close to the top (px). */
const LOAD_OLDER_AT = 150;

export interface ThreadHistory { hasOlder: boolean; loadingOlder: boolean; loadOlder: () => Promise<void> }

interface Props { messages: StaffMessage[]; loading: boolean; history: ThreadHistory; hitId?: number | null }

export function MessageList({ messages, loading, history, hitId = null }: Props) {
  const { t } = useI18n();
  const { notify } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // Where the view was before older messages were put above it, to put it back after.
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const latest = useRef(history);
  latest.current = history;
  const shownHit = useRef<number | null>(null);
  const hitLoaded = hitId !== null && messages.some((m) => m.id === hitId);

  const loadOlder = () => {
    const el = ref.current;
    const h = latest.current;
    if (!el || !h.hasOlder || h.loadingOlder || anchor.current) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    h.loadOlder().catch(() => {
      anchor.current = null;
      notify(t('history.failed'));
    });
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (hitId !== null && hitLoaded && shownHit.current !== hitId) {
      shownHit.current = hitId;
      stick.current = false;
      anchor.current = null;
      el.querySelector<HTMLElement>(`[data-message-id="${hitId}"]`)?.scrollIntoView({ block: 'center' });
      return;
    }
    const a = anchor.current;
    if (a && el.scrollHeight !== a.height) {
      el.scrollTop = a.top + (el.scrollHeight - a.height);
      anchor.current = null;
    } else if (stick.current) el.scrollTop = el.scrollHeight;
  }, [messages, hitId]);

  // A page that added nothing new (all known already) still ends the wait.
  useEffect(() => {
    if (!history.loadingOlder) anchor.current = null;
  }, [history.loadingOlder]);

  // A search hit older than the loaded window: walk back page by page until it is loaded.
  useEffect(() => {
    if (hitId !== null && !loading && !hitLoaded && history.hasOlder && !history.loadingOlder) loadOlder();
  }, [hitId, hitLoaded, loading, history.hasOlder, history.loadingOlder]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      if (el.scrollTop < LOAD_OLDER_AT) loadOlder();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <div class="thread" ref={ref} role="log" aria-label={t('thread.label')} aria-live="polite" aria-relevant="additions" aria-busy={history.loadingOlder} tabIndex={0}>
      {loading && !messages.length && <p class="muted center">{t('conversation.loading')}</p>}
      {!loading && !messages.length && <p class="muted center">{t('thread.empty')}</p>}
      {history.hasOlder && (
        <div class="thread-history">
          {history.loadingOlder
            ? <p class="muted" role="status">{t('history.loading')}</p>
            : <button type="button" class="btn secondary small" onClick={loadOlder}>{t('history.more')}</button>}
        </div>
      )}
      {!history.hasOlder && !loading && messages.length > 0 && <p class="thread-start muted">{t('history.start')}</p>}
      {hitId !== null && !loading && messages.length > 0 && !hitLoaded && !history.hasOlder && <p class="muted center">{t('search.hitMissing')}</p>}
      {messages.map((m) => <MessageItem key={m.id} m={m} hit={m.id === hitId} />)}
    </div>
  );
}
