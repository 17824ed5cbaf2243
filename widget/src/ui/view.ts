// The widget shell: launcher, panel, header and connection line, inside a shadow root.
import type { Translate } from '../i18n.js';
import type { ChatMessage } from '../store.js';
import { Composer } from './composer.js';
import { h, icon, ICONS } from './dom.js';
import type { KbPanel } from './kb-panel.js';
import { MessageList } from './messages.js';
import { OfflineNotice } from './offline.js';
import { applyStyles } from './styles.js';

export type ConnectionState = 'connecting' | 'ok' | 'reconnecting' | 'unavailable';

export interface ViewOptions {
  t: Translate;
  lang: string;
  maxChars: number;
  errorText: (code: string) => string;
  onSend: (body: string) => void;
  onInput: (text: string) => void;
  onEmail: (email: string) => void;
  onRetry: (clientMessageId: string) => void;
  /** Files the visitor picked, dropped or pasted; `fileUrl` makes a message's file readable for them. */
  onFiles: (files: File[]) => void;
  fileUrl: (path: string) => string;
  onOpen: () => void;
  /** Help-article search shown above the messages until a chat starts. */
  kb: KbPanel;
}

export class WidgetView {
  readonly list: MessageList;
  readonly offline: OfflineNotice;
  readonly composer: Composer;
  private root: HTMLElement;
  private launcher: HTMLButtonElement;
  private badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  private avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' });
  private title = h('div', { class: 'title' });
  private agentName = h('span', { class: 'agent', 'data-testid': 'sb-agent-name' });
  private availability = h('span', { class: 'avail' });
  private sub = h('div', { class: 'sub' }, h('span', { class: 'dot' }), this.agentName, this.availability);
  private conn = h('div', { class: 'conn', role: 'status', hidden: true });
  private typing = h('span');
  private typingRow = h('div', { class: 'typing', 'data-testid': 'sb-typing', hidden: true },
    h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), this.typing);
  private queue = h('div', { class: 'queue', role: 'status', 'data-testid': 'sb-queue', hidden: true });
  private panel: HTMLElement;

  constructor(host: HTMLElement, private o: ViewOptions) {
    const { t } = o;
    const shadow = host.attachShadow({ mode: 'open' });
    applyStyles(shadow);
    this.list = new MessageList(t, o.lang === 'zh' ? 'zh-CN' : o.lang, o.errorText, o.onRetry, o.fileUrl);
    this.offline = new OfflineNotice(t, o.onEmail);
    this.composer = new Composer(t, o.maxChars, o.onSend, o.onInput, o.onFiles);
    const close = h('button', { type: 'button', class: 'close', 'aria-label': t('closeChat'), title: t('closeChat') }, icon(ICONS.down));
    close.addEventListener('click', () => this.close());
    this.panel = h('section', { class: 'panel', id: 'sb-panel', role: 'dialog', 'aria-label': t('chat'), 'data-testid': 'sb-panel' },
      h('header', {}, this.avatar, h('div', { class: 'titles' }, this.title, this.sub), close),
      this.conn, o.kb.el, this.list.el, this.queue, this.typingRow, this.offline.el, this.composer.el);
    this.panel.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      this.close();
    });
    this.launcher = h('button', { type: 'button', class: 'launcher', 'data-testid': 'sb-launcher', 'aria-controls': 'sb-panel', 'aria-expanded': 'false', 'aria-label': t('openChat') },
      icon(ICONS.chat, 'i-chat'), icon(ICONS.close, 'i-close'), this.badge);
    this.launcher.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
    this.root = h('div', { class: 'sb', lang: o.lang }, this.panel, this.launcher);
    shadow.append(this.root);
    this.setHeader(t('chat'), null, null);
  }

  isOpen(): boolean {
    return this.root.classList.contains('open');
  }

  open(): void {
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.o.t('closeChat'));
    this.setUnread(0);
    this.list.scrollToEnd();
    this.composer.focus();
    this.o.onOpen();
  }

  /** Focus goes back to the launcher so keyboard users are not stranded. */
  close(): void {
    if (!this.isOpen()) return;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.o.t('openChat'));
    this.launcher.focus();
  }

  /** online is null until the server has told us. */
  setHeader(inboxName: string, agentName: string | null, online: boolean | null): void {
    this.title.textContent = inboxName;
    this.panel.setAttribute('aria-label', inboxName);
    this.agentName.textContent = agentName ?? '';
    this.avatar.textContent = (agentName || inboxName).trim().charAt(0).toUpperCase();
    this.availability.textContent = online === null ? '' : this.o.t(online ? 'online' : 'away');
    this.sub.classList.toggle('is-online', online === true);
  }

  setConnection(state: ConnectionState): void {
    this.conn.hidden = state === 'ok';
    if (state !== 'ok') this.conn.textContent = this.o.t(state);
  }

  setTyping(typing: boolean, name: string | null): void {
    this.typingRow.hidden = !typing;
    this.typing.textContent = typing ? this.o.t('typing', { name: name || this.o.t('agent') }) : '';
  }

  /** The queue-position line; null hides it. */
  setQueue(text: string | null): void {
    this.queue.hidden = text === null;
    this.queue.textContent = text ?? '';
  }

  setUnread(n: number): void {
    this.badge.hidden = n === 0;
    this.badge.textContent = n > 9 ? '9+' : String(n);
    if (!this.isOpen()) this.launcher.setAttribute('aria-label', n ? this.o.t('openChatUnread', { n }) : this.o.t('openChat'));
  }

  renderMessages(messages: readonly ChatMessage[]): void {
    this.list.render(messages);
  }
}
