// Language detection by script share: cheap and reliable for the en/zh pair we route.
import type { Language } from './types.js';

// Han ideographs plus CJK punctuation (，。！？：；) which only Chinese writers use.
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01\uff0c\uff1a\uff1b\uff1f]/u;
const LATIN = /[a-z]/i;

// One Han character carries roughly a short word's meaning, so it is weighted
// against several Latin letters rather than letter for letter.
const LATIN_LETTERS_PER_HAN = 3;

export function cjkShare(text: string): number {
  let cjk = 0;
  let latin = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk++;
    else if (LATIN.test(ch)) latin++;
  }
  const weighted = cjk * LATIN_LETTERS_PER_HAN;
  return weighted + latin === 0 ? 0 : weighted / (weighted + latin);
}

export function detectLanguage(text: string): Language {
  return cjkShare(text) >= 0.5 ? 'zh' : 'en';
}
