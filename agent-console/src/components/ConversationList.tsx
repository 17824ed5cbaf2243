// The queue: filters, live updates (conversation.created/updated applied against the filters),
// catch-up after a reconnect, older pages on demand. Text in the search box switches the pane to
// server search results (every conversation, any status unless one is chosen).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { ConversationSummary, ListFilters } from '../types.js';
import { appendPage, applyConversation } from '../util.js';
import { ConversationItem } from './ConversationItem.js';
import { ListFiltersBar } from './ListFiltersBar.js';
import { useSearch } from '../hooks/useSearch.js';
import { resultDomId, SearchResults } from './SearchResults.js';
import type { SearchResult } from '../api-search.js';

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

export function ConversationList({ selectedId, onOpen }: { selectedId: string | null; onOpen: (id: string, messageId?: number | null) => void }) {
  const { t } = useI18n();
  const { me, socket, epoch, notify } = useSession();
  const [filters, setFilters] = useState<ListFilters>(loadFilters);
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [cursor, setCursor] = useState<string | null>(null);
  const [text, setText] = useState('');
  // Search looks at every status until the agent picks one; the list keeps its own.
  const [searchStatus, setSearchStatus] = useState<ListFilters['status']>('all');
  const searchFilters = useMemo(() => ({ ...filters, status: searchStatus }), [filters, searchStatus]);
  const search = useSearch(text, searchFilters);
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [search.results]);
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

  const shown = items;
  const openResult = (r: SearchResult) => onOpen(r.id, r.match.messageId);
  const onKey = (e: KeyboardEvent): boolean => {
    if (!search.active || !search.results.length) return false;
    const last = search.results.length - 1;
    if (e.key === 'ArrowDown') setActive((i) => Math.min(last, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') openResult(search.results[Math.min(active, last)]!);
    else return false;
    return true;
  };
  const setBarFilters = (f: ListFilters) => {
    if (search.active) setSearchStatus(f.status);
    setFilters(search.active ? { ...f, status: filters.status } : f);
  };

  return (
    <section class="pane list" aria-label={t('list.label')}>
      <ListFiltersBar filters={search.active ? searchFilters : filters} onChange={setBarFilters} text={text} onText={setText}
        onKey={onKey} activeId={search.active && search.results.length ? resultDomId(active) : undefined} />
      {search.active ? (
        <SearchResults query={text.trim()} search={search} activeIndex={active} selectedId={selectedId} onOpen={openResult} />
      ) : <>
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
      {cursor && (
        <button type="button" class="btn secondary block load-more" onClick={() => void loadMore()}>{t('list.more')}</button>
      )}
      </>}
    </section>
  );
}
