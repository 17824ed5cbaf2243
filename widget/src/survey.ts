// The CSAT survey in the chat: shows the card on csat.requested, submits with an ack, and
// remembers finished conversations so a reload never asks twice.
import { submitCsat, type WidgetSocket } from './connection.js';
import { csatOutcome } from './csat.js';
import type { Translate } from './i18n.js';
import type { WidgetStorage } from './storage.js';
import { CsatCard, type CsatChoice } from './ui/csat.js';
import type { MessageList } from './ui/messages.js';

export class Survey {
  private card: CsatCard | null = null;

  constructor(
    private t: Translate,
    private socket: WidgetSocket,
    private storage: WidgetStorage,
    private list: MessageList,
    private errorText: (code: string) => string,
  ) {}

  request(conversationId: string, token: string): void {
    if (this.storage.isRated(conversationId)) return;
    // The same request twice (two tabs, a replayed event) keeps the card the visitor may be filling in.
    if (this.card?.conversationId === conversationId && !this.card.done) return;
    const card: CsatCard = new CsatCard(this.t, conversationId, (choice) => void this.submit(card, token, choice));
    this.card = card;
    this.list.setTail(card.el);
  }

  /** The visitor wrote again: a finished card has nothing more to say, so it goes. */
  dismissDone(): void {
    if (!this.card?.done) return;
    this.card = null;
    this.list.setTail(null);
  }

  /** Logout: whatever card is showing belonged to the previous visitor. */
  dismissAll(): void {
    this.card = null;
    this.list.setTail(null);
  }

  private async submit(card: CsatCard, token: string, choice: CsatChoice): Promise<void> {
    const res = await submitCsat(this.socket, { token, ...choice });
    const out = csatOutcome(res);
    if (!out.final) return card.fail(this.errorText(out.code));
    // Expired or invalid surveys count as finished too: asking again could never succeed.
    this.storage.markRated(card.conversationId);
    card.finish(this.t(out.key), out.key === 'csatThanks');
  }
}
