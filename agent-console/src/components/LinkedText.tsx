// Text with its http(s) links clickable (map links, Slack links, URLs customers paste). Rendered as
// text nodes and <a> elements, never as HTML, so nothing in a message can become markup.
const URL = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/g;

export function LinkedText({ text }: { text: string }) {
  const parts: (string | { url: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(URL)) {
    parts.push(text.slice(last, m.index), { url: m[0] });
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts.map((p) => (typeof p === 'string' ? p : <a href={p.url} target="_blank" rel="noopener noreferrer nofollow">{p.url}</a>))}</>;
}
