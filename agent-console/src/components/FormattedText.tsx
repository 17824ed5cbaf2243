// A message's Markdown (bold, italic, code, lists, links) as Preact elements, never as HTML, so
// nothing in a message can become markup; only http(s) and mailto links, opened safely.
import type { Block, Inline } from '../../../server/format/markdown.js';
import { parseMarkdown } from '../../../server/format/markdown.js';

function Inlines({ nodes }: { nodes: Inline[] }) {
  return <>{nodes.map((n, i) => {
    switch (n.kind) {
      case 'text': return n.text;
      case 'br': return <br key={i} />;
      case 'code': return <code key={i}>{n.text}</code>;
      case 'link': return <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow"><Inlines nodes={n.children} /></a>;
      case 'strong': return <strong key={i}><Inlines nodes={n.children} /></strong>;
      default: return <em key={i}><Inlines nodes={n.children} /></em>;
    }
  })}</>;
}

function BlockView({ b }: { b: Block }) {
  if (b.kind === 'p') return <p><Inlines nodes={b.children} /></p>;
  if (b.kind === 'pre') return <pre><code>{b.text}</code></pre>;
  const items = b.items.map((item, i) => <li key={i}><Inlines nodes={item} /></li>);
  return b.kind === 'ul' ? <ul>{items}</ul> : <ol>{items}</ol>;
}

export function FormattedText({ text }: { text: string }) {
  return <>{parseMarkdown(text).map((b, i) => <BlockView key={i} b={b} />)}</>;
}
