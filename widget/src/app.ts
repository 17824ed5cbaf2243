// Wires the socket, the stores and the view together: the widget's one place with side effects.
import type { PublicMessage, WidgetSessionInfo } from '../../server/realtime/contract.js';
import type { WidgetConfig } from './config.js';
import { connect, leaveFollowup, newClientMessageId, queuePosition, sendMessage, syncMessages, TIMEOUT, type UserClaim, type WidgetSocket } from './connection.js';
import { DeflectionTracker } from './deflection.js';
import { errorText, pickLang, translator, type Translate } from './i18n.js';
import { createKbApi } from './kb-api.js';
import { AgentWatch } from './queue.js';
import { QueuePoller } from './queue-poller.js';
import { createStorage, type WidgetStorage } from './storage.js';
import { Survey } from './survey.js';
import { addLocal, lastSeenId, mergeMessages, setStatus, type ChatMessage, type PendingMessage } from './store.js';
import { TypingIndicator, TypingSender } from './typing.js';
import { KbPanel } from './ui/kb-panel.js';
import { createFileApi, type FileApi } from './files.js';
import { WidgetView } from './ui/view.js';

const MAX_CHARS = 5000;
const SYNC_PAGE = 500;
const RETRY_MS = 5000;

export class WidgetApp {
  private socket: WidgetSocket;
  private storage: WidgetStorage;
  private view: WidgetView;
  private messages: ChatMessage[] = [];
  private inFlight = new Set<string>();
  private ready = false;
  private unread = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private header = { inbox: '', agent: null as string | null, online: null as boolean | null };
  private typingOut: TypingSender;
  private typingIn: TypingIndicator;
  private t: Translate;
  private kb: KbPanel;
  private deflection: DeflectionTracker;
  private hasConversation = false;
  private survey: Survey;
  private agents = new AgentWatch();
  private queue: QueuePoller;
  /** The site-signed user, dropped for good if the server refuses its signature. */
  private claim: UserClaim | null;
  private files: FileApi;

  constructor(host: HTMLElement, cfg: WidgetConfig) {
    const lang = pickLang(cfg.lang, navigator.language);
    const t = (this.t = translator(lang));
    this.claim = cfg.userId && cfg.userHash ? { userId: cfg.userId, userHash: cfg.userHash } : null;
    this.storage = createStorage(cfg.inboxToken);
    // Before anything is read back: what another signed user left in this browser is dropped.
    this.storage.useIdentity(this.claim?.userId ?? null);
    const kbApi = createKbApi(cfg.origin, cfg.inboxToken, lang);
    const files = (this.files = createFileApi(cfg.origin, cfg.inboxToken, () => this.storage.visitorToken()));
    this.deflection = new DeflectionTracker((articleId) => kbApi.deflect(articleId));
    this.kb = new KbPanel(t, kbApi, { onRead: (id) => this.deflection.read(id), onChat: () => this.view.composer.focus() });
    this.view = new WidgetView(host, {
      kb: this.kb,
      t, lang, maxChars: MAX_CHARS,
      errorText: (code) => errorText(t, code, MAX_CHARS),
      onSend: (body) => this.submit(body),
      onInput: (text) => (text.trim() ? this.typingOut.input() : this.typingOut.stop()),
      onEmail: (email) => void this.leaveEmail(email),
      onRetry: (id) => this.retry(id),
      onFiles: (list) => void this.sendFiles(list),
      fileUrl: files.url,
      onOpen: () => {
        this.unread = 0;
        void this.queue.poll();
      },
    });
    this.header.inbox = t('chat');
    this.socket = connect(cfg.origin, cfg.inboxToken, () => this.storage.visitorToken(), () => this.claim);
    this.survey = new Survey(t, this.socket, this.storage, this.view.list, (code) => errorText(t, code, MAX_CHARS));
    this.queue = new QueuePoller({
      t, waiting: () => this.agents.waiting(), live: () => this.ready && this.view.isOpen(),
      ask: () => queuePosition(this.socket), show: (text) => this.view.setQueue(text),
    });
    this.queue.start();
    this.typingOut = new TypingSender((typing) => {
      if (this.ready) this.socket.emit('typing.set', { typing });
    });
    this.typingIn = new TypingIndicator((typing, name) => this.view.setTyping(typing, name));
    // Sends left over from an earlier page view show up (as sending) until the server confirms them.
    for (const p of this.storage.pending()) this.messages = addLocal(this.messages, p);
    this.render();
    this.view.setConnection('connecting');
    this.listen();
  }

  private listen(): void {
    const s = this.socket;
    s.on('session.ready', (info) => void this.onReady(info));
    s.on('disconnect', () => {
      this.ready = false;
      this.typingIn.clear();
      this.view.setConnection('reconnecting');
    });
    // Not active means the server refused us (unknown inbox): retrying will not help.
    s.on('connect_error', (err) => {
      // A bad signature is the host site's bug; the visitor can still chat anonymously.
      if (err.message === 'INVALID_SIGNATURE' && this.claim) {
        console.warn('[switchboard] data-user-hash was refused (INVALID_SIGNATURE); continuing as an anonymous visitor');
        this.claim = null;
        this.storage.useIdentity(null);
        s.connect();
        return;
      }
      if (!s.active) console.warn(`[switchboard] chat refused: ${err.message}`);
      this.view.setConnection(s.active ? 'reconnecting' : 'unavailable');
    });
    s.on('message.created', (m) => this.receive([m], true));
    s.on('typing.updated', ({ typing, name }) => this.typingIn.update(typing, name));
    s.on('agents.availability', ({ online }) => this.setOnline(online));
    s.on('conversation.updated', ({ id, status, assigneeName }) => {
      this.header.agent = assigneeName;
      this.renderHeader();
      this.agents.update(id, status, assigneeName);
      this.queue.sync();
    });
    s.on('csat.requested', ({ conversationId, token }) => this.survey.request(conversationId, token));
  }

  /**
   * The site's user signed out (Switchboard.logout()): forget this browser's visitor, its unsent
   * messages and the chat on screen, and carry on as a new anonymous visitor.
   */
  logout(): void {
    this.claim = null;
    this.storage.clear();
    this.storage.useIdentity(null);
    this.ready = false;
    this.messages = [];
    this.inFlight.clear();
    this.unread = 0;
    this.hasConversation = false;
    this.header.agent = null;
    this.agents = new AgentWatch();
    clearTimeout(this.retryTimer);
    this.typingIn.clear();
    this.survey.dismissAll();
    this.view.setUnread(0);
    this.view.setQueue(null);
    this.renderHeader();
    this.render();
    // A new handshake without token or claim: the server mints a fresh visitor.
    this.socket.disconnect().connect();
  }

  /** Fires on the first connect and again after every reconnect: catch up, then resend what is queued. */
  private async onReady(info: WidgetSessionInfo): Promise<void> {
    this.storage.setVisitorToken(info.visitorToken);
    this.hasConversation = info.conversationId !== null;
    this.agents.setConversation(info.conversationId);
    this.render();
    this.header.inbox = info.inbox.name;
    this.setOnline(info.agentsOnline);
    this.ready = true;
    this.view.setConnection('ok');
    await this.sync();
    this.flush();
    void this.queue.poll();
  }

  private async sync(): Promise<void> {
    for (;;) {
      const after = lastSeenId(this.messages);
      const res = await syncMessages(this.socket, after);
      if (!res.ok) return;
      this.receive(res.data, false);
      // The answer also repeats recent ids <= after (late commits, merged by id): page on the new ones only.
      if (res.data.filter((m) => m.id > after).length < SYNC_PAGE) return;
    }
  }

  private receive(incoming: PublicMessage[], live: boolean): void {
    if (!incoming.length) return;
    this.messages = mergeMessages(this.messages, incoming);
    this.agents.seeMessages(incoming);
    this.queue.sync();
    const stored = incoming.map((m) => m.clientMessageId).filter((c): c is string => c !== null);
    if (stored.length) this.storage.removePending(stored);
    const fromStaff = incoming.filter((m) => m.authorKind !== 'customer');
    const agent = fromStaff.filter((m) => m.authorKind === 'agent' && m.authorName).pop();
    if (agent && !this.header.agent) {
      this.header.agent = agent.authorName;
      this.renderHeader();
    }
    // A reply means they have stopped typing, whether or not typing=false reached us.
    if (live && fromStaff.length) this.typingIn.clear();
    if (live && fromStaff.length && !this.view.isOpen()) this.view.setUnread((this.unread += fromStaff.length));
    this.render();
  }

  private submit(body: string): void {
    this.deflection.chatStarted();
    this.survey.dismissDone();
    const p: PendingMessage = { clientMessageId: newClientMessageId(), body, createdAt: new Date().toISOString() };
    this.storage.addPending(p);
    this.messages = addLocal(this.messages, p);
    this.typingOut.stop();
    this.render();
    this.view.list.scrollToEnd();
    void this.send(p);
  }

  /** Each file is uploaded, then sent as a message of its own; a refused one shows why where it was. */
  private async sendFiles(list: File[]): Promise<void> {
    if (!this.ready) return;
    this.deflection.chatStarted();
    for (const file of list) {
      const p: PendingMessage = { clientMessageId: newClientMessageId(), body: '', createdAt: new Date().toISOString(), files: [file.name || 'image.png'] };
      this.messages = addLocal(this.messages, p);
      this.render();
      this.view.list.scrollToEnd();
      const up = await this.files.upload(file);
      if (!up.ok) {
        this.messages = setStatus(this.messages, p.clientMessageId, 'failed', up.error);
        this.render();
        continue;
      }
      const sent = { ...p, attachmentIds: [up.data.id], files: [up.data.fileName] };
      this.storage.addPending(sent);
      await this.send(sent);
    }
  }

  private retry(clientMessageId: string): void {
    const m = this.messages.find((x) => x.clientMessageId === clientMessageId && x.status === 'failed');
    if (!m) return;
    const p: PendingMessage = { clientMessageId, body: m.body, createdAt: m.createdAt };
    this.storage.addPending(p);
    this.messages = setStatus(this.messages, clientMessageId, 'sending');
    this.render();
    void this.send(p);
  }

  /** Sends now if connected; otherwise the queue is flushed on the next session.ready. */
  private async send(p: PendingMessage): Promise<void> {
    if (!this.ready || this.inFlight.has(p.clientMessageId)) return;
    this.inFlight.add(p.clientMessageId);
    const res = await sendMessage(this.socket, { clientMessageId: p.clientMessageId, body: p.body, ...(p.attachmentIds?.length ? { attachmentIds: p.attachmentIds } : {}) });
    this.inFlight.delete(p.clientMessageId);
    if (res.ok) {
      this.receive([res.data], false);
      return void this.queue.poll();
    }
    // No answer: it may or may not be stored, so it stays queued and goes again with the same id.
    if (res.error.code === TIMEOUT) return this.scheduleRetry();
    this.storage.removePending([p.clientMessageId]);
    this.messages = setStatus(this.messages, p.clientMessageId, 'failed', res.error);
    this.render();
  }

  private flush(): void {
    for (const p of this.storage.pending()) {
      this.messages = addLocal(this.messages, p);
      void this.send(p);
    }
    this.render();
  }

  /** An ack can time out on a live connection (slow server); try again rather than wait for a reconnect. */
  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.ready && this.flush(), RETRY_MS);
  }

  private async leaveEmail(email: string): Promise<void> {
    const res = await leaveFollowup(this.socket, email);
    if (res.ok) return this.view.offline.showSaved(email);
    const code = res.error.code;
    this.view.offline.showError(code === 'VALIDATION_FAILED' ? this.t('invalidEmail') : errorText(this.t, code, MAX_CHARS));
  }

  private setOnline(online: boolean): void {
    this.header.online = online;
    this.view.offline.setAvailable(online);
    this.renderHeader();
  }

  private renderHeader(): void {
    this.view.setHeader(this.header.inbox, this.header.agent, this.header.online);
  }

  private render(): void {
    this.kb.setVisible(!this.hasConversation && this.messages.length === 0);
    this.view.renderMessages(this.messages);
  }
}
