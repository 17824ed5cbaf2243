// The snippet shown for a hit: a window of the matching text around the first hit, HTML-escaped,
// each hit wrapped in <mark>…</mark>. Built here from the stored text, the same on both databases.
import type { Term } from './text.js';

const WINDOW = 70;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for each term as it appears in the original text (case-insensitive, at a word start). */
function pattern(terms: Term[]): RegExp | null {
  const parts = terms.map((t) => {
    if (t.tokens.length > 1) return t.tokens.map(escapeRegExp).join('[^\\p{L}\\p{N}]*');
    const word = escapeRegExp(t.tokens[0]!);
    return t.prefix ? `(?<![\\p{L}\\p{N}])${word}[\\p{L}\\p{N}\\p{M}]*` : `(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`;
  });
  return parts.length ? new RegExp(parts.join('|'), 'giu') : null;
}

export function snippet(text: string, terms: Term[]): string {
  const re = pattern(terms);
  const first = re ? text.search(re) : -1;
  const start = first < 0 ? 0 : Math.max(0, first - WINDOW / 2);
  let end = Math.min(text.length, start + WINDOW * 2);
  // Edges snap to a nearby space so words are not cut in half.
  const from = start === 0 ? 0 : Math.max(0, text.lastIndexOf(' ', start) + 1 || start);
  if (end < text.length) end = text.indexOf(' ', end) < 0 || text.indexOf(' ', end) - end > 20 ? end : text.indexOf(' ', end);
  const piece = text.slice(from, end);
  let out = '';
  let at = 0;
  for (const m of re ? piece.matchAll(re) : []) {
    out += escapeHtml(piece.slice(at, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>';
    at = m.index + m[0].length;
  }
  out += escapeHtml(piece.slice(at));
  return (from > 0 ? '… ' : '') + out.trim() + (end < text.length ? ' …' : '');
}
