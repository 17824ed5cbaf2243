// Text normalisation shared by tokenizer and priority rules, so both see the same text.

// NFKC folds full-width ！？ and Ａ into ASCII, which lets one rule set cover en and zh.
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    // Digits vary (order ids, prices) but rarely change intent.
    .replace(/\d+(?:[.,]\d+)*/g, '0')
    // "soooo" / "!!!!!" / "差差差差" -> capped at two repeats to share features.
    .replace(/(.)\1{2,}/gu, '$1$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const LATIN_WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

export function hanRuns(normalized: string): string[] {
  return normalized.match(HAN_RUN) ?? [];
}

// Latin words are taken per clause so bigrams never span punctuation or Han text.
export function latinClauses(normalized: string): string[][] {
  const clauses: string[][] = [];
  for (const part of normalized.split(/[^a-z0-9' ]+/)) {
    const words = part.match(LATIN_WORD);
    if (words) clauses.push(words);
  }
  return clauses;
}
