// The little Markdown agents write (and Slack's markup arrives as): **bold**, *italic* / _italic_,
// `code`, ``` blocks, "- " and "1. " lists, [text](url) and bare http(s)/mailto links. Parsed into a
// tree, never into HTML, so each surface renders it its own safe way (console, widget, email,
// SMS, WhatsApp). No imports: the widget and the console bundle this file.
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'br' }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'p'; children: Inline[] }
  | { kind: 'ul' | 'ol'; items: Inline[][] }
  | { kind: 'pre'; text: string };

const BULLET = /^\s{0,3}[-*•]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}```/;
// Links end before trailing punctuation, as people write them in sentences.
const URL_BODY = String.raw`[^\s<>"'\`]*[^\s<>"'\`.,;:!?)\]}*_]`;
const INLINE: { kind: 'code' | 'mdlink' | 'url' | 'strong' | 'em'; re: RegExp }[] = [
  { kind: 'code', re: /`([^`\n]+)`/ },
  { kind: 'mdlink', re: new RegExp(String.raw`\[([^\]\n]{1,300})\]\(((?:https?://|mailto:)[^\s()<>]+)\)`, 'i') },
  { kind: 'url', re: new RegExp(String.raw`(?:https?://|mailto:)${URL_BODY}`, 'i') },
  { kind: 'strong', re: /\*\*(?=\S)([^\n]*?\S)\*\*/ },
  { kind: 'em', re: /(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])/ },
];
const MAX_DEPTH = 4;

/** Inline markup of one line or paragraph (newlines become `br`). */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  const push = (s: string) => {
    s.split('\n').forEach((line, i) => {
      if (i) out.push({ kind: 'br' });
      if (line) out.push({ kind: 'text', text: line });
    });
  };
  const patterns = INLINE.filter((p) => depth < MAX_DEPTH || (p.kind !== 'strong' && p.kind !== 'em'))
    .map((p) => ({ kind: p.kind, re: new RegExp(p.re.source, `${p.re.flags}g`), next: undefined as RegExpExecArray | null | undefined }));
  let pos = 0;
  for (;;) {
    // Each pattern's next match is kept until the text before it is consumed: linear, not quadratic, in long messages.
    let best: (typeof patterns)[number] | null = null;
    for (const p of patterns) {
      if (p.next === undefined || (p.next && p.next.index < pos)) {
        p.re.lastIndex = pos;
        p.next = p.re.exec(text);
      }
      if (p.next && (!best || p.next.index < best.next!.index)) best = p;
    }
    if (!best) break;
    const m = best.next!;
    push(text.slice(pos, m.index));
    if (best.kind === 'code') out.push({ kind: 'code', text: m[1]! });
    else if (best.kind === 'mdlink') out.push({ kind: 'link', href: m[2]!, children: parseInline(m[1]!, MAX_DEPTH) });
    else if (best.kind === 'url') out.push({ kind: 'link', href: m[0], children: [{ kind: 'text', text: m[0].replace(/^mailto:/i, '') }] });
    else out.push({ kind: best.kind, children: parseInline(m[1] ?? m[2]!, depth + 1) });
    pos = m.index + m[0].length;
  }
  push(text.slice(pos));
  return out;
}

export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'p', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      const end = lines.findIndex((l, j) => j > i && FENCE.test(l));
      if (end > i) {
        flush();
        blocks.push({ kind: 'pre', text: lines.slice(i + 1, end).join('\n') });
        i = end;
        continue;
      }
    }
    const list = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
    if (list) {
      flush();
      const re = list === 'ul' ? BULLET : NUMBERED;
      const items: Inline[][] = [];
      for (; i < lines.length && re.test(lines[i]!); i++) items.push(parseInline(re.exec(lines[i]!)![1]!));
      i--;
      blocks.push({ kind: list, items });
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}
