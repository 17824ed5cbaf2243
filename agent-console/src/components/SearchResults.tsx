// Search results in the list pane: one row per conversation with the matching snippet highlighted.
// The search box drives it from the keyboard (arrows choose, Enter opens, Esc clears).
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../context.js';
import type { SearchResult } from '../api-search.js';
import type { SearchState } from '../hooks/useSearch.js';
import { formatTime } from '../util.js';
import { ChannelIcon } from './ChannelIcon.js';
import { StatusBadge } from './Badges.js';
import { Snippet } from './Snippet.js';

interface Props {
  query: string;
  search: SearchState;
  activeIndex: number;
  selectedId: string | null;
  onOpen: (r: SearchResult) => void;
}

export const resultDomId = (i: number) => `search-result-${i}`;

export function SearchResults({ query, search, activeIndex, selectedId, onOpen }: Props) {
  const { t, lang } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`#${resultDomId(activeIndex)}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);
  const status = search.error === 'tooLong' ? t('search.tooLong') : search.error ? t('search.failed')
    : search.loading ? t('search.searching') : search.results.length ? t('search.count', { n: search.results.length }) : t('search.none', { q: query });
  return (
    <>
      <div class="list-status search-status" aria-live="polite">
        {status} {search.results.length > 0 && <span class="search-hint muted">{t('search.hint')}</span>}
      </div>
      <ul class="conv-list search-results" id="search-results" role="listbox" aria-label={t('search.results')} ref={list}>
        {search.results.map((r, i) => {
          const name = r.customer.name || r.customer.email || r.customer.phone || t('customer.visitor');
          return (
            <li key={r.id} id={resultDomId(i)} role="option" aria-selected={i === activeIndex}>
              <button type="button" tabIndex={-1} class={`conv-item search-hit${i === activeIndex ? ' active' : ''}${r.id === selectedId ? ' selected' : ''}`}
                data-testid="search-result" data-conversation-id={r.id} data-message-id={r.match.messageId ?? ''} onClick={() => onOpen(r)}>
                <span class="conv-top">
                  <span class={`chan chan-${r.channel}`} title={t(`channel.${r.channel}`)}><ChannelIcon channel={r.channel} size={14} /></span>
                  <span class="conv-name">{name}</span>
                  <time class="conv-time" dateTime={r.lastMessageAt}>{formatTime(r.lastMessageAt, lang)}</time>
                </span>
                <span class="conv-preview search-snippet">
                  {r.match.private && <span class="badge note-badge">{t('search.note')}</span>}
                  {r.match.messageId === null && <span class="badge">{t('search.customerMatch')}</span>}
                  <Snippet html={r.match.snippet} />
                </span>
                {r.status !== 'open' && <span class="conv-meta"><StatusBadge status={r.status} /></span>}
              </button>
            </li>
          );
        })}
      </ul>
      {search.more && <button type="button" class="btn secondary block load-more" onClick={search.loadMore}>{t('search.more')}</button>}
    </>
  );
}
