// Text helpers shared by the search implementations: normalisation, tokenisation, typo budget, snippets, input limits.
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_LENGTH, SNIPPET_MAX_LENGTH } from './port.js';

// One segmenter per process: constructing Intl.Segmenter is far slower than using it.
const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Han runs go to the dictionary segmenter; everything else splits on non letters/digits (cheaper than ICU for Latin text).
const TOKEN_RE = /\p{Script=Han}+|[^\p{Script=Han}\s\p{P}\p{S}\p{C}]+/gu;
const HAN_RE = /\p{Script=Han}/u;
const MARKS_RE = /\p{M}+/gu;

/** Lowercase and fold accents (café → cafe) and full-width forms (２ＦＡ → 2fa), so both sides of a match agree. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
}

/** Normalised word tokens; Chinese is segmented into words with Intl.Segmenter. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(TOKEN_RE)) {
    const run = match[0];
    if (!HAN_RE.test(run)) {
      out.push(run);
      continue;
    }
    for (const seg of zhSegmenter.segment(run)) if (seg.isWordLike) out.push(seg.segment);
  }
  return out;
}

export function isHan(term: string): boolean {
  return HAN_RE.test(term);
}

// Query-only stop words: they are still indexed, but dropping them from queries keeps "how do I …" from matching everything.
const STOP_WORDS = new Set(
  ('a an and are as at be by can could do does for from get got have how i if in is it its me my of on or our please ' +
    'should so than that the their them then there these this to was we what when where which who why will with would you your ' +
    '的 了 吗 呢 吧 啊 我 我的 我们 你 你们 是 在 和 与 怎么 怎样 如何 什么 为什么 哪 哪里 办 怎么办 可以 能 想 我想 要 请问 一下')
    .split(' '),
);

export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}

/** Meilisearch's default typo budget: 0 below 5 letters, 1 from 5, 2 from 9; none for Chinese words. */
export function typoBudget(term: string): number {
  if (isHan(term)) return 0;
  const len = [...term].length;
  return len >= 9 ? 2 : len >= 5 ? 1 : 0;
}

/** Adjacent-letter swaps ("refnud" → "refund"): Meilisearch counts a transposition as one typo, plain Levenshtein as two. */
export function transpositions(term: string): string[] {
  const chars = [...term];
  const out = new Set<string>();
  for (let i = 0; i < chars.length - 1 && chars.length <= 24; i++) {
    if (chars[i] === chars[i + 1]) continue;
    const swapped = chars.slice();
    [swapped[i], swapped[i + 1]] = [chars[i + 1]!, chars[i]!];
    out.add(swapped.join(''));
  }
  return [...out];
}

/** Truncates to MAX_QUERY_LENGTH without leaving half a surrogate pair behind; '' when nothing but whitespace. */
export function clampQuery(q: unknown): string {
  if (typeof q !== 'string') return '';
  // Trailing whitespace is kept on purpose: it tells the engines the last word is complete (no prefix match).
  let s = q.trimStart();
  if (s.length > MAX_QUERY_LENGTH) s = s.slice(0, MAX_QUERY_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
  return s.trim() === '' ? '' : s;
}

export function clampLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Cuts a string to `max` chars, preferring a word boundary and marking the cut with an ellipsis. */
export function truncateText(text: string, max = SNIPPET_MAX_LENGTH): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair (emoji, rare CJK): a lone half is invalid UTF-16.
  const cut = text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 2] ?? '') ? max - 2 : max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…';
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/**
 * Plain-text window (<= max chars) around the densest cluster of matched terms; falls back to the text's start.
 * Expects whitespace already collapsed to single spaces (done once at indexing time, not per hit).
 */
export function makeSnippet(text: string, terms: readonly string[], max = SNIPPET_MAX_LENGTH): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  const hits: { pos: number; term: number }[] = [];
  terms.forEach((term, t) => {
    if (!term) return;
    let from = 0;
    for (let n = 0; n < 50; n++) {
      const pos = lower.indexOf(term, from);
      if (pos < 0) break;
      from = pos + term.length;
      // Latin terms must start a word ("art" should not light up "start"); Chinese has no word boundaries.
      if (isHan(term) || pos === 0 || !WORD_CHAR_RE.test(lower[pos - 1]!)) hits.push({ pos, term: t });
    }
  });
  if (hits.length === 0) return truncateText(flat, max);
  hits.sort((a, b) => a.pos - b.pos);
  const span = max * 0.7;
  let best = hits[0]!.pos;
  let bestCount = 0;
  for (let i = 0; i < hits.length; i++) {
    const seen = new Set<number>();
    for (let j = i; j < hits.length && hits[j]!.pos - hits[i]!.pos <= span; j++) seen.add(hits[j]!.term);
    if (seen.size > bestCount) [best, bestCount] = [hits[i]!.pos, seen.size];
  }
  // Start a little before the first hit so the reader gets context, snapped to a word start.
  let start = Math.max(0, best - Math.floor(max * 0.2));
  // Near the end, slide back so the window is still full.
  start = Math.min(start, Math.max(0, flat.length - (max - 1)));
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space < best) start = space + 1;
  }
  if (/[\uDC00-\uDFFF]/.test(flat[start] ?? '')) start++;
  const prefix = start > 0 ? '…' : '';
  const body = truncateText(flat.slice(start), max - prefix.length);
  return prefix + body;
}
