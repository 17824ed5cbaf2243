// The rating card shown after the last message once a conversation is resolved: 1-5, an optional
// comment, and a result line. Buttons are native, so Tab, Enter and Space work without extra code.
import type { Translate } from '../i18n.js';
import { h } from './dom.js';

const MAX_COMMENT = 2000;
// One card at a time, and ids are scoped to the shadow root, so a fixed id is safe.
const TITLE_ID = 'sb-csat-title';

export interface CsatChoice {
  score: number;
  comment?: string;
}

export class CsatCard {
  readonly el: HTMLElement;
  private scores: HTMLButtonElement[];
  private comment: HTMLTextAreaElement;
  private submit: HTMLButtonElement;
  private form: HTMLFormElement;
  private status: HTMLElement;
  private score = 0;

  constructor(t: Translate, readonly conversationId: string, onSubmit: (choice: CsatChoice) => void) {
    const title = h('p', { class: 'csat-title', id: TITLE_ID }, t('csatTitle'));
    this.scores = [1, 2, 3, 4, 5].map((n) => {
      const b = h('button', { type: 'button', class: 'csat-score', 'data-testid': 'sb-csat-score', 'data-score': String(n), 'aria-label': t('csatScore', { n }), 'aria-pressed': 'false' }, String(n));
      b.addEventListener('click', () => this.pick(n));
      return b;
    });
    const group = h('div', { class: 'csat-scores', role: 'group', 'aria-labelledby': TITLE_ID }, ...this.scores);
    // Arrow keys move between the five buttons, as in a toolbar.
    group.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      const i = this.scores.indexOf(e.target as HTMLButtonElement);
      if (!step || i === -1) return;
      e.preventDefault();
      this.scores[(i + step + 5) % 5]!.focus();
    });
    this.comment = h('textarea', { class: 'csat-comment', rows: '2', maxlength: String(MAX_COMMENT), placeholder: t('csatComment'), 'aria-label': t('csatComment'), 'data-testid': 'sb-csat-comment' });
    this.submit = h('button', { type: 'submit', class: 'csat-submit', 'data-testid': 'sb-csat-submit', disabled: true }, t('csatSubmit'));
    this.form = h('form', { novalidate: true }, group, this.comment, this.submit);
    this.status = h('p', { class: 'status', role: 'status', hidden: true });
    this.el = h('div', { class: 'csat', 'data-testid': 'sb-csat', role: 'region', 'aria-labelledby': TITLE_ID }, title, this.form, this.status);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.score) return;
      const comment = this.comment.value.trim();
      this.setBusy(true);
      onSubmit(comment ? { score: this.score, comment } : { score: this.score });
    });
  }

  /** True once the card shows a final line (thanks, already rated, expired). */
  get done(): boolean {
    return this.form.hidden === true;
  }

  /** Replaces the form with a final line; thanks carries its own test id. */
  finish(text: string, thanks: boolean): void {
    this.form.hidden = true;
    this.status.hidden = false;
    this.status.textContent = text;
    this.status.classList.remove('error');
    if (thanks) this.status.setAttribute('data-testid', 'sb-csat-thanks');
  }

  /** A retryable failure: the form stays, with the reason under it. */
  fail(text: string): void {
    this.setBusy(false);
    this.status.hidden = false;
    this.status.textContent = text;
    this.status.classList.add('error');
  }

  private pick(n: number): void {
    this.score = n;
    this.scores.forEach((b, i) => b.setAttribute('aria-pressed', String(i + 1 === n)));
    this.submit.disabled = false;
  }

  private setBusy(busy: boolean): void {
    this.submit.disabled = busy || !this.score;
    this.comment.disabled = busy;
    for (const b of this.scores) b.disabled = busy;
  }
}
