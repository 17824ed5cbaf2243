// The message list: a keyed render that reuses each message's element, so "sending" turns into
// "sent" in place and scrolling is not disturbed by updates.
import type { ChatMessage } from '../store.js';
import type { Translate } from '../i18n.js';
import { h, icon, ICONS } from './dom.js';
import { formatted } from './formatted.js';

const GROUP_MS = 5 * 60_000;
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
// These will fail the same way again; anything else (rate limit, server hiccup) is worth a retry.
const FINAL_ERRORS = ['MESSAGE_TOO_LONG', 'VALIDATION_FAILED', 'FILE_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'ATTACHMENT_NOT_FOUND', 'ATTACHMENT_ALREADY_SENT'];

const sameGroup = (a: ChatMessage | undefined, b: ChatMessage | undefined) =>
  !!a && !!b && a.authorKind === b.authorKind && a.authorName === b.authorName
  && Math.abs(Date.parse(b.createdAt) - Date.parse(a.createdAt)) < GROUP_MS;

export class MessageList {
  readonly el: HTMLElement;
  private nodes = new Map<string, HTMLElement>();
  private drawn = new WeakMap<HTMLElement, string>();
  private greeting: HTMLElement;
  private tail: HTMLElement | null = null;

  constructor(
    private t: Translate,
    private locale: string,
    private errorText: (code: string) => string,
    private onRetry: (clientMessageId: string) => void,
    private fileUrl: (path: string) => string,
  ) {
    this.greeting = h('div', { class: 'greeting' }, t('greeting'));
    this.el = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages'), tabindex: '0' }, this.greeting);
  }

  render(messages: readonly ChatMessage[]): void {
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 48;
    const keep = new Set<string>();
    let cursor = this.greeting.nextSibling;
    messages.forEach((m, i) => {
      keep.add(m.key);
      let node = this.nodes.get(m.key);
      if (!node) this.nodes.set(m.key, (node = h('div', { 'data-testid': 'sb-message' })));
      this.draw(node, m, !sameGroup(messages[i - 1], m), !sameGroup(m, messages[i + 1]));
      if (node === cursor) cursor = cursor.nextSibling;
      else this.el.insertBefore(node, cursor);
    });
    for (const [key, node] of this.nodes) {
      if (keep.has(key)) continue;
      node.remove();
      this.nodes.delete(key);
    }
    // Follow new messages only if the reader was already at the bottom.
    if (atBottom) this.scrollToEnd();
  }

  /** An element kept after the last message (the rating card); render() inserts messages before it. */
  setTail(el: HTMLElement | null): void {
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 48;
    this.tail?.remove();
    this.tail = el;
    if (el) this.el.append(el);
    if (el && atBottom) this.scrollToEnd();
  }

  scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  private draw(node: HTMLElement, m: ChatMessage, first: boolean, last: boolean): void {
    const signature = JSON.stringify([m.id, m.status, m.error?.code, m.body, m.authorName, first, last, m.attachments.map((a) => a.url)]);
    if (this.drawn.get(node) === signature) return;
    this.drawn.set(node, signature);
    node.className = `msg msg-${m.authorKind}${first ? ' first' : ''}`;
    node.dataset.author = m.authorKind;
    node.dataset.status = m.status;
    const parts: HTMLElement[] = [];
    if (first && (m.authorKind === 'agent' || m.authorKind === 'bot')) {
      parts.push(h('div', { class: 'name' }, m.authorName || this.t(m.authorKind === 'bot' ? 'bot' : 'agent')));
    }
    if (m.body) parts.push(h('div', { class: 'bubble' }, ...formatted(m.body)));
    if (m.attachments.length) parts.push(h('div', { class: 'att' }, ...m.attachments.map((f) => this.file(f))));
    const meta = this.meta(m, last);
    if (meta) parts.push(meta);
    node.replaceChildren(...parts);
  }

  /** An image is shown; any other file is a download link (the server sends it as an attachment). */
  private file(f: ChatMessage['attachments'][number]): HTMLElement {
    if (!f.url) return h('span', { class: 'file' }, icon(ICONS.file), f.filename);
    const href = this.fileUrl(f.url);
    const link = h('a', { class: 'file', href, target: '_blank', rel: 'noopener noreferrer', download: f.filename, 'data-testid': 'sb-file', 'aria-label': this.t('fileDownload', { name: f.filename }) });
    if (INLINE.has(f.contentType)) link.append(h('img', { src: href, alt: this.t('filePreview', { name: f.filename }), loading: 'lazy', 'data-testid': 'sb-file-image' }));
    else link.append(icon(ICONS.file), f.filename);
    return link;
  }

  private meta(m: ChatMessage, last: boolean): HTMLElement | null {
    if (m.status === 'sending') return h('div', { class: 'meta' }, this.t('sending'));
    if (m.status === 'failed') {
      const code = m.error?.code ?? '';
      const meta = h('div', { class: 'meta error', role: 'alert' }, this.errorText(code));
      // A file is picked again rather than retried: the upload may be what failed.
      if (m.clientMessageId && !m.attachments.length && !FINAL_ERRORS.includes(code)) {
        const id = m.clientMessageId;
        const retry = h('button', { class: 'retry', type: 'button' }, this.t('retry'));
        retry.addEventListener('click', () => this.onRetry(id));
        meta.append(retry);
      }
      return meta;
    }
    if (!last || m.authorKind === 'system') return null;
    const d = new Date(m.createdAt);
    return Number.isNaN(d.getTime()) ? null : h('div', { class: 'meta' }, d.toLocaleTimeString(this.locale, { hour: '2-digit', minute: '2-digit' }));
  }
}
