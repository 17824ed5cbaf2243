// Multi-word synonym phrases ("sign in", "money back"), tokenised exactly like documents and queries.
import { SYNONYM_GROUPS } from './synonyms.js';
import { tokenize } from './text.js';

export interface Phrase {
  tokens: string[];
  /** Index into SYNONYM_GROUPS. */
  group: number;
}

/** Phrases keyed by first token, longest first, for cheap greedy longest-match. */
const PHRASES = new Map<string, Phrase[]>();

/** Per synonym group, each entry as the single term it is indexed under (see phraseTerm). */
export const GROUP_TERMS: string[][] = SYNONYM_GROUPS.map((entries, group) => {
  const terms = entries.map((entry) => {
    const tokens = tokenize(entry);
    if (tokens.length > 1) {
      const list = PHRASES.get(tokens[0]!) ?? [];
      list.push({ tokens, group });
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      PHRASES.set(tokens[0]!, list);
    }
    return phraseTerm(tokens);
  });
  return [...new Set(terms)];
});

const SINGLE_GROUP = new Map<string, number>();
SYNONYM_GROUPS.forEach((entries, group) => {
  for (const entry of entries) {
    const tokens = tokenize(entry);
    if (tokens.length === 1) SINGLE_GROUP.set(tokens[0]!, group);
  }
});

/** A phrase is indexed as its words joined ("sign in" → "signin"), so it matches as one adjacent term, cheaply. */
export function phraseTerm(tokens: readonly string[]): string {
  return tokens.join('');
}

/** The synonym phrase or word starting at tokens[at], longest first. */
export function matchSynonym(tokens: readonly string[], at: number): Phrase | undefined {
  const phrase = PHRASES.get(tokens[at]!)?.find((p) => p.tokens.every((t, k) => tokens[at + k] === t));
  if (phrase) return phrase;
  const group = SINGLE_GROUP.get(tokens[at]!);
  return group === undefined ? undefined : { tokens: [tokens[at]!], group };
}

/** Document tokens plus one joined term per synonym phrase found in them (for the index). */
export function withPhraseTerms(tokens: string[]): string[] {
  const extra: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = PHRASES.get(tokens[i]!);
    if (!candidates) continue;
    const phrase = candidates.find((p) => p.tokens.every((t, k) => tokens[i + k] === t));
    if (phrase) extra.push(phraseTerm(phrase.tokens));
  }
  return extra.length > 0 ? tokens.concat(extra) : tokens;
}
