// The one text normalisation behind conversation search, the same on SQLite and PostgreSQL:
// lower case, every run of non-letters/digits becomes a space, and each CJK character stands
// alone, so 退款 (a phrase of two one-character tokens) finds 我要退款. SQLite calls these
// functions from its triggers (server/db/sqlite-search-functions.ts); PostgreSQL's migration
// defines the same transformation in SQL (sb_search_text, sb_digit_suffixes).

/** Han, kana: scripts written without spaces between words. */
const CJK = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const CJK_CHAR = new RegExp(`([${CJK}])`, 'gu');
const CJK_RUN = new RegExp(`([${CJK}]+)`, 'u');
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu;
/** Long bodies (emails) are indexed by their beginning: tsvector has a 1 MB ceiling. */
export const INDEXED_CHARS = 100_000;

export function searchText(text: string | null | undefined): string {
  if (!text) return '';
  return text.slice(0, INDEXED_CHARS).toLowerCase().replace(SEPARATORS, ' ').replace(CJK_CHAR, ' $1 ');
}

/** Every suffix (3+ digits) of a phone's digits, so a prefix query on them matches any part of the number. */
export function digitSuffixes(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  const out: string[] = [];
  for (let i = 0; i + 3 <= digits.length; i++) out.push(digits.slice(i));
  return out.join(' ');
}

export function customerSearchText(name: string | null, email: string | null, company: string | null, phone: string | null): string {
  return `${searchText(name)} ${searchText(email)} ${searchText(company)} ${digitSuffixes(phone)}`;
}

/** A query term: one word (the last one matched as a prefix) or a run of CJK characters matched as a phrase. */
export interface Term { tokens: string[]; prefix: boolean }

const MAX_TERMS = 8;
const PHONE_LIKE = /^\s*\+?[\d\s().-]{3,}$/;

/** The terms of a query; none when it holds only punctuation. Tokens hold only letters and digits, so no engine syntax survives. */
export function queryTerms(q: string): Term[] {
  // "+49 151 2398" is one phone number: its digits, matched against the indexed suffixes.
  if (PHONE_LIKE.test(q) && /\d.*\D.*\d/.test(q.trim())) return [{ tokens: [q.replace(/\D/g, '')], prefix: true }];
  const terms: Term[] = [];
  for (const word of q.toLowerCase().split(SEPARATORS)) {
    for (const part of word.split(CJK_RUN)) {
      if (part) terms.push({ tokens: HAS_CJK.test(part) ? [...part] : [part], prefix: false });
    }
  }
  const kept = terms.slice(0, MAX_TERMS);
  const last = kept.at(-1);
  // Typing "refu" finds "refund"; a one- or two-letter prefix would match half the index.
  if (last && last.tokens.length === 1 && [...last.tokens[0]!].length >= 3 && !HAS_CJK.test(last.tokens[0]!)) last.prefix = true;
  return kept;
}

/** An FTS5 MATCH expression: every term quoted, all required. */
export function fts5Expression(terms: Term[]): string {
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/** A to_tsquery('simple', …) expression: phrases with <->, all required. */
export function tsqueryExpression(terms: Term[]): string {
  return terms.map((t) => {
    const lexemes = t.tokens.map((tok) => `'${tok}'`);
    return t.prefix ? `${lexemes[0]}:*` : `(${lexemes.join(' <-> ')})`;
  }).join(' & ');
}

/** Whether normalised text (searchText) holds every term: the engines' semantics, for checks done in code. */
export function matchesTerms(normalised: string, terms: Term[]): boolean {
  const tokens = normalised.split(' ').filter(Boolean);
  return terms.every((t) => tokens.some((_, i) => t.tokens.every((tok, j) => {
    const have = tokens[i + j];
    return have !== undefined && (t.prefix && j === t.tokens.length - 1 ? have.startsWith(tok) : have === tok);
  })));
}
