// Shown while no agent is online: asks for an email address to reply to later.
import type { Translate } from '../i18n.js';
import { h } from './dom.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class OfflineNotice {
  readonly el: HTMLElement;
  private form: HTMLFormElement;
  private email: HTMLInputElement;
  private submit: HTMLButtonElement;
  private status: HTMLElement;

  constructor(private t: Translate, onEmail: (email: string) => void) {
    this.email = h('input', { type: 'email', autocomplete: 'email', placeholder: t('emailPlaceholder'), 'aria-label': t('email'), 'data-testid': 'sb-email', maxlength: '254' });
    this.submit = h('button', { type: 'submit', 'data-testid': 'sb-email-submit' }, t('notify'));
    this.form = h('form', { novalidate: true }, this.email, this.submit);
    this.status = h('p', { class: 'status', role: 'status', hidden: true });
    this.el = h('div', { class: 'offline', 'data-testid': 'sb-offline', role: 'region', 'aria-label': t('email'), hidden: true },
      h('p', {}, t('offlineNotice')), this.form, this.status);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const email = this.email.value.trim();
      if (!EMAIL.test(email)) return this.showError(t('invalidEmail'));
      this.setBusy(true);
      onEmail(email);
    });
  }

  setAvailable(agentsOnline: boolean): void {
    this.el.hidden = agentsOnline;
  }

  setBusy(busy: boolean): void {
    this.submit.disabled = busy;
    this.email.disabled = busy;
  }

  showSaved(email: string): void {
    this.form.hidden = true;
    this.setStatus(this.t('emailSaved', { email }), false);
  }

  showError(text: string): void {
    this.setBusy(false);
    this.setStatus(text, true);
    this.email.focus();
  }

  private setStatus(text: string, error: boolean): void {
    this.status.hidden = false;
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
