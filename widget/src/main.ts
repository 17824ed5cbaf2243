// Entry point of widget.js: one <script data-inbox="…"> tag on any website.
import { WidgetApp } from './app.js';
import { readConfig } from './config.js';

import { createStorage } from './storage.js';

// currentScript is only set while this file first runs, so read the tag before anything async.
const cfg = readConfig(document);
const flag = '__switchboardWidget';
const w = window as unknown as Record<string, unknown> & { Switchboard?: { logout(): void } };

function mount(): void {
  if (!cfg || w[flag]) return;
  // A custom tag: host-page rules written for div/section cannot match it.
  const host = document.createElement('switchboard-widget');
  host.style.cssText = 'all: initial';
  document.body.append(host);
  w[flag] = new WidgetApp(host, cfg);
}

// For the site's sign-out: `window.Switchboard.logout()` (docs/customers.md). Works before the widget mounts too.
if (cfg) {
  const inboxToken = cfg.inboxToken;
  w.Switchboard = {
    logout() {
      const app = w[flag];
      if (app instanceof WidgetApp) app.logout();
      else createStorage(inboxToken).clear();
    },
  };
}

if (!cfg) console.warn('[switchboard] widget.js needs a data-inbox attribute on its script tag');
else if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
