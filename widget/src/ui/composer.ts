// The message box: Enter sends, Shift+Enter adds a line, and a counter appears near the length limit.
// Files come by the attach button, drag and drop onto the box, or pasting an image; each is sent at once.
import type { Translate } from '../i18n.js';
import { h, icon, ICONS } from './dom.js';

const COUNTER_FROM = 500;
const MAX_HEIGHT = 120;

export class Composer {
  readonly el: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private send: HTMLButtonElement;
  private counter: HTMLElement;

  constructor(private t: Translate, private max: number, private onSend: (body: string) => void, private onInput: (text: string) => void, onFiles: (files: File[]) => void) {
    this.input = h('textarea', { rows: '1', maxlength: String(max), placeholder: t('placeholder'), 'aria-label': t('placeholder'), 'data-testid': 'sb-input' });
    this.send = h('button', { type: 'submit', class: 'send', 'aria-label': t('send'), title: t('send'), 'data-testid': 'sb-send', disabled: true }, icon(ICONS.send));
    this.counter = h('div', { class: 'counter', 'aria-live': 'polite', hidden: true });
    const picker = h('input', { type: 'file', multiple: true, hidden: true, 'data-testid': 'sb-file-input' });
    const attach = h('button', { type: 'button', class: 'attach', 'aria-label': t('attach'), title: t('attach'), 'data-testid': 'sb-attach' }, icon(ICONS.clip));
    attach.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      onFiles([...(picker.files ?? [])]);
      picker.value = '';
    });
    this.el = h('form', { class: 'composer' }, attach, picker, this.input, this.send, this.counter);
    this.el.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      this.el.classList.add('drop');
    });
    this.el.addEventListener('dragleave', () => this.el.classList.remove('drop'));
    this.el.addEventListener('drop', (e) => {
      this.el.classList.remove('drop');
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      onFiles([...e.dataTransfer.files]);
    });
    this.input.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      onFiles(files);
    });
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
