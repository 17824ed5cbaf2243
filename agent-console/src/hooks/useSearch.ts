// Server search for the conversation list: debounced, newest request wins, more pages by cursor.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { searchConversations, type SearchResult } from '../api-search.js';
import type { ListFilters } from '../types.js';

const DEBOUNCE_MS = 250;
export const MAX_SEARCH_CHARS = 200;

export interface SearchState {
  active: boolean;
  results: SearchResult[];
  loading: boolean;
  error: 'failed' | 'tooLong' | null;
  more: boolean;
  loadMore: () => void;
}

export function useSearch(text: string, filters: ListFilters): SearchState {
  const q = text.trim();
  const [results, setResults] = useState<SearchResult[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<SearchState['error']>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const n = ++seq.current;
    setCursor(null);
    setError(null);
    if (!q) {
      setResults([]);
      setLoading(false);
      return undefined;
    }
    if (q.length > MAX_SEARCH_CHARS) {
      setResults([]);
      setError('tooLong');
      return undefined;
    }
    setLoading(true);
    const timer = setTimeout(() => {
      searchConversations(q, filters)
        .then((page) => {
          if (n !== seq.current) return;
          setResults(page.conversations);
          setCursor(page.nextCursor);
        })
        .catch((err: unknown) => n === seq.current && setError(err instanceof ApiError && err.status === 400 ? 'tooLong' : 'failed'))
        .finally(() => n === seq.current && setLoading(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, filters]);

  const loadMore = () => {
    if (!cursor) return;
    const n = seq.current;
    searchConversations(q, filters, cursor)
      .then((page) => {
        if (n !== seq.current) return;
        setResults((list) => [...list, ...page.conversations.filter((c) => !list.some((x) => x.id === c.id))]);
        setCursor(page.nextCursor);
      })
      .catch(() => n === seq.current && setError('failed'));
  };

  return { active: q.length > 0, results, loading, error, more: cursor !== null, loadMore };
}
