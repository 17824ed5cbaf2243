// A message's Markdown as DOM nodes (text nodes and a few safe elements, never innerHTML);
// links only http(s)/mailto, opened in a new tab without the opener.
import { parseMarkdown, type Inline } from '../../../server/format/markdown.js';
import { h } from './dom.js';

function inlines(nodes: Inline[]): (Node | string)[] {
  return nodes.map((n) => {
    switch (n.kind) {
      case 'text': return n.text;
      case 'br': return h('br');
      case 'code': return h('code', {}, n.text);
      case 'link': return h('a', { href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, ...inlines(n.children));
      default: return h(n.kind, {}, ...inlines(n.children));
    }
  });
}

export function formatted(text: string): HTMLElement[] {
  return parseMarkdown(text).map((b) => {
    if (b.kind === 'p') return h('p', {}, ...inlines(b.children));
    if (b.kind === 'pre') return h('pre', {}, h('code', {}, b.text));
    return h(b.kind, {}, ...b.items.map((item) => h('li', {}, ...inlines(item))));
  });
}
