// Mail HTML is often written by hand or by broken generators. A parser follows the HTML spec, and
// the spec hides text a sender plainly meant to show: "a<b then" opens a tag that never closes, an
// unclosed <title> or <style> swallows the rest of the mail, and so does an unclosed comment. These
// repairs run before parsing, so the customer's words survive; everything else is the parser's job.

/** Elements whose content is raw text up to their end tag (the parser reads them to the end of input otherwise). */
const RAW_TEXT = ['title', 'style', 'script', 'textarea', 'xmp', 'noembed', 'noframes', 'noscript', 'iframe'];

/** Ends a comment that is never closed at its first ">" (as old browsers did), not at the end of the mail. */
function closeComments(html: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = html.indexOf('<!--', i);
    if (start < 0) return out + html.slice(i);
    const end = html.indexOf('-->', start + 4);
    if (end >= 0) { out += html.slice(i, end + 3); i = end + 3; continue; }
    const gt = html.indexOf('>', start + 4);
    if (gt < 0) return out + html.slice(i, start);
    out += `${html.slice(i, gt)}-->`;
    i = gt + 1;
  }
}

/** Closes a raw-text element without an end tag right before the next tag, so what follows stays markup. */
function closeRawText(html: string): string {
  let out = html;
  for (const tag of RAW_TEXT) {
    const open = new RegExp(`<${tag}\\b[^>]*>`, 'gi');
    let m: RegExpExecArray | null;
    let result = '';
    let last = 0;
    while ((m = open.exec(out))) {
      const after = m.index + m[0].length;
      const close = out.slice(after).search(new RegExp(`</${tag}\\s*>`, 'i'));
      if (close >= 0) { open.lastIndex = after + close; continue; }
      const next = out.slice(after).search(/<[a-z/!]/i);
      const at = next < 0 ? out.length : after + next;
      result += `${out.slice(last, at)}</${tag}>`;
      last = at;
      open.lastIndex = at;
    }
    out = result + out.slice(last);
  }
  return out;
}

/** A "<" that cannot start a complete tag (another "<" or the end comes before its ">") is text. */
function escapeStrayLt(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) { out += html.slice(i); break; }
    out += html.slice(i, lt);
    // Comments were closed above; their insides are not markup.
    const end = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) + 2 : tagEnd(html, lt + 1);
    if (end < 0) { out += '&lt;'; i = lt + 1; continue; }
    out += html.slice(lt, end + 1);
    i = end + 1;
  }
  return out;
}

/** The index of the ">" ending a tag that starts at `from` (quotes respected), or -1 when none does. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < html.length; j++) {
    const c = html[j]!;
    if (quote) { if (c === quote) quote = null; continue; }
    // Quotes open only inside attribute values (after "="), so "it's" in stray text is not one.
    if ((c === '"' || c === "'") && /=\s*$/.test(html.slice(Math.max(from, j - 8), j))) { quote = c; continue; }
    if (c === '>') return j;
    if (c === '<') return -1;
  }
  return -1;
}

export function repairHtml(html: string): string {
  return escapeStrayLt(closeRawText(closeComments(html)));
}
