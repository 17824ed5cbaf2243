// The queue: filters, live updates (conversation.created/updated applied against the filters),
// catch-up after a reconnect, older pages on demand.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { ConversationSummary, ListFilters } from '../types.js';
import { appendPage, applyConversation } from '../util.js';
import { ConversationItem } from './ConversationItem.js';
import { ListFiltersBar } from './ListFiltersBar.js';

const PAGE = 50;
const STORE_KEY = 'sb.filters';

function loadFilters(): ListFilters {
  const base: ListFilters = { scope: 'all', teamId: '', status: 'open', channel: '' };
  try {
    return { ...base, ...(JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}') as Partial<ListFilters>) };
  } catch {
    return base;
  }
}

export function ConversationList({ selectedId, onOpen }: { selectedId: string | null; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const { me, socket, epoch, notify } = useSession();
  const [filters, setFilters] = useState<ListFilters>(loadFilters);
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [cursor, setCursor] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [unread, setUnread] = useState<Set<string>>(() => new Set());
  const seq = useRef(0);

  useEffect(() => {
    localStorage.setItem(STORE_KEY, JSON.stringify(filters));
    const n = ++seq.current;
    setLoading(true);
    api.conversations(filters, undefined, PAGE)
      .then(({ conversations, nextCursor }) => {
        if (n !== seq.current) return;
        setItems(conversations);
        setCursor(nextCursor);
      })
      .catch(() => n === seq.current && notify(t('error.load')))
      .finally(() => n === seq.current && setLoading(false));
  }, [filters, epoch]);

  useEffect(() => {
    if (!selectedId) return;
    setUnread((u) => {
      if (!u.has(selectedId)) return u;
      const next = new Set(u);
      next.delete(selectedId);
      return next;
    });
  }, [selectedId]);

  const apply = (c: ConversationSummary) => {
    setItems((list) => applyConversation(list, c, filters, me.id));
    if (c.id !== selectedId && c.lastMessage?.authorKind === 'customer') setUnread((u) => new Set(u).add(c.id));
  };
  useSocketEvent(socket, 'conversation.created', apply);
  useSocketEvent(socket, 'conversation.updated', apply);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const { conversations, nextCursor } = await api.conversations(filters, cursor, PAGE);
      setItems((list) => appendPage(list, conversations));
      setCursor(nextCursor);
    } catch {
      notify(t('error.load'));
    }
  };

  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    if (!q) return items;
    return items.filter((c) => [c.customer.name, c.customer.email, c.customer.phone, c.subject, c.lastMessage?.body].some((v) => v?.toLowerCase().includes(q)));
  }, [items, text]);

  return (
    <section class="pane list" aria-label={t('list.label')}>
      <ListFiltersBar filters={filters} onChange={setFilters} text={text} onText={setText} />
      <div class="list-status" aria-live="polite">
        {loading ? t('list.loading') : t('list.count', { n: shown.length })}
      </div>
      <ul class="conv-list">
        {shown.map((c) => (
          <li key={c.id}>
            <ConversationItem c={c} selected={c.id === selectedId} unread={unread.has(c.id)} onOpen={onOpen} />
          </li>
        ))}
      </ul>
      {!loading && shown.length === 0 && <p class="empty-list muted">{t('list.empty')}</p>}
      {cursor && !text && (
        <button type="button" class="btn secondary block load-more" onClick={() => void loadMore()}>{t('list.more')}</button>
      )}
    </section>
  );
}
