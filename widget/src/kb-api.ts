// The widget's calls to the knowledge base: public endpoints on the chat server, without cookies,
// allowed from any website (they send Access-Control-Allow-Origin: *).

export interface KbHit {
  id: string;
  title: string;
  snippet: string;
}

export interface KbArticle {
  id: string;
  title: string;
  /** Produced by the server's renderMarkdown: raw HTML escaped, unsafe URLs dropped. */
  html: string;
}

export interface KbApi {
  search(q: string): Promise<KbHit[]>;
  article(id: string): Promise<KbArticle>;
  vote(id: string, helpful: boolean): Promise<boolean>;
  deflect(articleId: string): void;
}

const enc = encodeURIComponent;

export function createKbApi(origin: string, inboxToken: string, lang: string): KbApi {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(origin + path, { credentials: 'omit' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    search: async (q) => (await get<{ hits: KbHit[] }>(`/api/kb/search?q=${enc(q)}&limit=5&language=${enc(lang)}`)).hits,
    article: (id) => get<KbArticle>(`/api/kb/public/articles/${enc(id)}`),
    vote: async (id, helpful) => {
      const res = await fetch(`${origin}/api/kb/articles/${enc(id)}/vote`, {
        method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ helpful }),
      }).catch(() => null);
      return !!res?.ok;
    },
    // A string body goes as text/plain: no preflight, so the beacon survives the page closing.
    deflect: (articleId) => void navigator.sendBeacon?.(`${origin}/api/kb/public/deflections`, JSON.stringify({ articleId, inboxToken })),
  };
}
