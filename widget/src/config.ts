// Reads the embedding <script> tag: which inbox, which server, which language, which signed-in user.
//
//   <script src="https://chat.example.com/widget.js" data-inbox="INBOX_TOKEN"
//           data-lang="en|zh"                 optional: overrides the browser language
//           data-user-id="USER_ID"            optional: the host site's own id for its logged-in user
//           data-user-hash="HMAC_HEX"></script> required with data-user-id: hex HMAC-SHA256(inbox identity secret, USER_ID),
//                                              computed on the site's server (docs/customers.md), never in the browser.
// A wrong hash is refused by the server; the widget then carries on as an anonymous visitor.

export interface WidgetConfig {
  inboxToken: string;
  /** Where widget.js came from, which is where the chat server is. */
  origin: string;
  lang: string | null;
  /** Both set or both absent: a half claim is refused by the server, so it is never sent. */
  userId?: string;
  userHash?: string;
}

interface ScriptLike {
  src: string;
  getAttribute(name: string): string | null;
}

type DocLike = { currentScript: unknown; querySelector(selector: string): unknown; baseURI?: string };

const isScript = (v: unknown): v is ScriptLike => !!v && typeof (v as ScriptLike).getAttribute === 'function' && typeof (v as ScriptLike).src === 'string';

/** null when no tag names an inbox: there is nothing to connect to. */
export function readConfig(doc: DocLike): WidgetConfig | null {
  const current = isScript(doc.currentScript) && doc.currentScript.getAttribute('data-inbox') ? doc.currentScript : null;
  const found = doc.querySelector('script[data-inbox]');
  const script = current ?? (isScript(found) ? found : null);
  const inboxToken = script?.getAttribute('data-inbox')?.trim();
  if (!script || !inboxToken) return null;
  let origin: string;
  try {
    origin = new URL(script.src, doc.baseURI).origin;
  } catch {
    return null;
  }
  if (origin === 'null') return null;
  const cfg: WidgetConfig = { inboxToken, origin, lang: script.getAttribute('data-lang') };
  const userId = script.getAttribute('data-user-id')?.trim();
  const userHash = script.getAttribute('data-user-hash')?.trim();
  if (userId && userHash) {
    cfg.userId = userId;
    cfg.userHash = userHash;
  } else if (userId || userHash) console.warn('[switchboard] data-user-id and data-user-hash must be set together; chatting anonymously');
  return cfg;
}
