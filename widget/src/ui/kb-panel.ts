// Self-service before a chat starts: a search box over published help articles, and the article
// itself with "was this helpful?" and a way back to the chat.
import type { Translate } from '../i18n.js';
import type { KbApi, KbArticle, KbHit } from '../kb-api.js';
import { h } from './dom.js';

const DEBOUNCE_MS = 300;

export interface KbPanelHooks {
  onRead: (articleId: string) => void;
  onChat: () => void;
}

// Two latin letters say little; one CJK character can be a word.
const worthSearching = (q: string) => q.length >= 2 || /[^\x00-\x7f]/.test(q);

export class KbPanel {
  readonly el: HTMLElement;
  private input: HTMLInputElement;
  private results = h('ul', { class: 'kb-results' });
  private note = h('p', { class: 'kb-note', role: 'status', hidden: true });
  private find: HTMLElement;
  private article = h('article', { class: 'kb-article', 'data-testid': 'sb-kb-article', hidden: true });
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: KbHit[] = [];

  constructor(private t: Translate, private kb: KbApi, private hooks: KbPanelHooks) {
    this.input = h('input', { type: 'search', maxlength: '200', placeholder: t('kbPlaceholder'), 'aria-label': t('kbSearch'), 'data-testid': 'sb-kb-search', autocomplete: 'off' });
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
    });
    this.find = h('div', { class: 'kb-find', role: 'search' }, this.input, this.results, this.note);
    this.el = h('section', { class: 'kb', 'aria-label': t('kbTitle') }, this.find, this.article);
  }

  /** Shown only until the visitor has a conversation: then the chat is the help. */
  setVisible(visible: boolean): void {
    if (this.el.hidden === !visible) return;
    this.el.hidden = !visible;
    if (!visible) this.showResults();
  }

  private async search(): Promise<void> {
    const q = this.input.value.trim();
    const mine = ++this.seq;
    if (!worthSearching(q)) return this.renderHits([], null);
    try {
      const hits = await this.kb.search(q);
      // A slower answer to an older query must not overwrite a newer one.
      if (mine === this.seq) this.renderHits(hits, hits.length ? null : this.t('kbNone'));
    } catch {
      if (mine === this.seq) this.renderHits([], this.t('kbError'));
    }
  }

  private renderHits(hits: KbHit[], note: string | null): void {
    this.last = hits;
    this.results.replaceChildren(...hits.map((hit) => {
      const b = h('button', { type: 'button', class: 'kb-hit', 'data-testid': 'sb-kb-result' }, h('strong', {}, hit.title), h('span', {}, hit.snippet));
      b.addEventListener('click', () => void this.open(hit.id));
      return h('li', {}, b);
    }));
    this.note.hidden = !note;
    this.note.textContent = note ?? '';
  }

  private async open(id: string): Promise<void> {
    const mine = ++this.seq;
    let a: KbArticle;
    try {
      a = await this.kb.article(id);
    } catch {
      return this.renderHits(this.last, this.t('kbOpenFailed'));
    }
    if (mine !== this.seq) return;
    const body = h('div', { class: 'kb-body' });
    // Safe to insert: `html` is the server's renderMarkdown output (raw HTML escaped, javascript: and
    // other unsafe URLs dropped), and it lands in our shadow root, not the host page.
    body.innerHTML = a.html;
    for (const link of body.querySelectorAll('a')) link.target = '_blank';
    const back = h('button', { type: 'button', class: 'kb-link' }, `← ${this.t('kbBack')}`);
    back.addEventListener('click', () => this.showResults());
    const chat = h('button', { type: 'button', class: 'kb-chat', 'data-testid': 'sb-kb-chat' }, this.t('kbChat'));
    chat.addEventListener('click', () => {
      this.showResults();
      this.hooks.onChat();
    });
    this.article.replaceChildren(back, h('h2', {}, a.title), body, this.voteRow(a.id), chat);
    this.article.hidden = false;
    this.find.hidden = true;
    this.el.classList.add('reading');
    this.article.scrollTop = 0;
    back.focus();
    this.hooks.onRead(a.id);
  }

  private voteRow(id: string): HTMLElement {
    const yes = h('button', { type: 'button', 'data-testid': 'sb-kb-helpful-yes' }, this.t('yes'));
    const no = h('button', { type: 'button', 'data-testid': 'sb-kb-helpful-no' }, this.t('no'));
    const row = h('div', { class: 'kb-vote' }, h('span', {}, this.t('kbHelpful')), yes, no);
    const vote = async (helpful: boolean) => {
      yes.disabled = no.disabled = true;
      if (await this.kb.vote(id, helpful)) row.replaceChildren(h('span', { role: 'status', 'data-testid': 'sb-kb-thanks' }, this.t('kbThanks')));
      else yes.disabled = no.disabled = false;
    };
    yes.addEventListener('click', () => void vote(true));
    no.addEventListener('click', () => void vote(false));
    return row;
  }

  private showResults(): void {
    this.seq++;
    this.article.hidden = true;
    this.article.replaceChildren();
    this.find.hidden = false;
    this.el.classList.remove('reading');
  }
}
