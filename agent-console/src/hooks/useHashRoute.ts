// Routes in the URL hash: #/inbox, #/inbox/<conversationId>, #/inbox/<conversationId>/m/<messageId> (a search hit), #/kb, #/kb/<articleId|new>, #/supervisor, #/reports, #/admin, #/customers, #/customers/<customerId>, #/replies.
import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Route {
  page: 'inbox' | 'kb' | 'supervisor' | 'admin' | 'reports' | 'customers' | 'replies';
  conversationId: string | null;
  /** On #/inbox/<id>/m/<messageId>: the message to scroll to (a search hit). */
  messageId?: number | null;
  /** On #/kb: the open article, 'new' for the empty editor, null for none. */
  articleId?: string | null;
  /** On #/customers: the customer shown, null for none. */
  customerId?: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (parts[0] === 'supervisor') return { page: 'supervisor', conversationId: null };
  if (parts[0] === 'admin') return { page: 'admin', conversationId: null };
  if (parts[0] === 'replies') return { page: 'replies', conversationId: null };
  if (parts[0] === 'reports') return { page: 'reports', conversationId: null };
  if (parts[0] === 'customers') return { page: 'customers', conversationId: null, customerId: parts[1] && ID.test(parts[1]) ? parts[1] : null };
  if (parts[0] === 'kb') return { page: 'kb', conversationId: null, articleId: parts[1] && ID.test(parts[1]) ? parts[1] : null };
  const id = parts[0] === 'inbox' && parts[1] && ID.test(parts[1]) ? parts[1] : null;
  const hit = id && parts[2] === 'm' && /^\d{1,10}$/.test(parts[3] ?? '') ? Number(parts[3]) : null;
  return { page: 'inbox', conversationId: id, messageId: hit };
}

export function useHashRoute(): { route: Route; navigate: (hash: string) => void } {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const navigate = useCallback((hash: string) => {
    if (location.hash !== hash) location.hash = hash;
  }, []);
  return { route, navigate };
}
