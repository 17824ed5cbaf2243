// The message box: Enter sends, Shift+Enter adds a line, and a counter appears near the length limit.
import type { Translate } from '../i18n.js';
import { h, icon, ICONS } from './dom.js';

const COUNTER_FROM = 500;
const MAX_HEIGHT = 120;

export class Composer {
  readonly el: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private send: HTMLButtonElement;
  private counter: HTMLElement;

  constructor(private t: Translate, private max: number, private onSend: (body: string) => void, private onInput: (text: string) => void) {
    this.input = h('textarea', { rows: '1', maxlength: String(max), placeholder: t('placeholder'), 'aria-label': t('placeholder'), 'data-testid': 'sb-input' });
    this.send = h('button', { type: 'submit', class: 'send', 'aria-label': t('send'), title: t('send'), 'data-testid': 'sb-send', disabled: true }, icon(ICONS.send));
    this.counter = h('div', { class: 'counter', 'aria-live': 'polite', hidden: true });
    this.el = h('form', { class: 'composer' }, this.input, this.send, this.counter);
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      // While an IME is composing (Chinese, Japanese), Enter picks a candidate rather than sending.
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => {
      this.refresh();
      this.onInput(this.input.value);
    });
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const body = this.input.value.trim();
    if (!body || body.length > this.max) return;
    this.onSend(body);
    this.input.value = '';
    this.refresh();
  }

  private refresh(): void {
    const value = this.input.value;
    const left = this.max - value.length;
    this.send.disabled = !value.trim() || left < 0;
    this.counter.hidden = left > COUNTER_FROM;
    this.counter.textContent = this.t('charsLeft', { n: Math.max(left, 0) });
    this.counter.classList.toggle('warn', left <= 50);
    // Grow with the text up to a few lines, then scroll inside the box.
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT)}px`;
  }
}
