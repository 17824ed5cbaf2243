// A search snippet: the server sends HTML-escaped text with hits in <mark>…</mark>; it is parsed
// here into text and <mark> elements, never set as HTML.
const ENTITY = /&#(\d+);|&(amp|lt|gt|quot|#39);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

const unescape = (s: string) => s.replace(ENTITY, (_, code: string | undefined, name: string | undefined) => (code ? String.fromCharCode(Number(code)) : NAMED[name!]!));

export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>[\s\S]*?<\/mark>)/);
  return (
    <span class="snippet">
      {parts.map((p, i) => (p.startsWith('<mark>') ? <mark key={i}>{unescape(p.slice(6, -7))}</mark> : unescape(p)))}
    </span>
  );
}
