// Entry point of widget.js: one <script data-inbox="…"> tag on any website.
import { WidgetApp } from './app.js';
import { readConfig } from './config.js';
import { createStorage } from './storage.js';

declare global {
  interface Window {
    __switchboardWidget?: WidgetApp;
    /** For the site's sign-out (docs/customers.md): forgets this browser's visitor, works before the widget mounts too. */
    Switchboard?: { logout(): void };
  }
}

// currentScript is only set while this file first runs, so read the tag before anything async.
const cfg = readConfig(document);

function mount(): void {
  if (!cfg || window.__switchboardWidget) return;
  // A custom tag: host-page rules written for div/section cannot match it.
  const host = document.createElement('switchboard-widget');
  host.style.cssText = 'all: initial';
  document.body.append(host);
  window.__switchboardWidget = new WidgetApp(host, cfg);
}

if (!cfg) console.warn('[switchboard] widget.js needs a data-inbox attribute on its script tag');
else {
  const inboxToken = cfg.inboxToken;
  window.Switchboard = {
    logout: () => (window.__switchboardWidget ? window.__switchboardWidget.logout() : createStorage(inboxToken).clear()),
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}
