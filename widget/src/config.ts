// Reads the embedding <script> tag: which inbox, which server, which language.

export interface WidgetConfig {
  inboxToken: string;
  /** Where widget.js came from, which is where the chat server is. */
  origin: string;
  lang: string | null;
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
  return { inboxToken, origin, lang: script.getAttribute('data-lang') };
}
