// The help center's own words in English and Chinese (article text is whatever authors wrote).
export type HelpLang = 'en' | 'zh';

const en = {
  title: 'Help center',
  heading: 'How can we help?',
  searchLabel: 'Search the help center',
  searchPlaceholder: 'Search for answers…',
  search: 'Search',
  results: 'Results for “{q}”',
  noResults: 'No articles match your search. Try other words, or browse the topics below.',
  noArticles: 'There are no articles yet.',
  general: 'General',
  articles: '{n} articles',
  oneArticle: '1 article',
  updated: 'Updated {date}',
  helpfulQuestion: 'Was this article helpful?',
  yes: 'Yes',
  no: 'No',
  thanks: 'Thanks for your feedback!',
  back: 'All topics',
  notFound: 'We could not find that page.',
  notFoundHint: 'The article may have moved or been retired.',
  badQuery: 'That search is too long. Please use fewer words.',
  tooMany: 'Too many requests. Please wait a minute and try again.',
  otherLang: '中文',
} as const;

export type HelpKey = keyof typeof en;

const zh: Record<HelpKey, string> = {
  title: '帮助中心',
  heading: '需要什么帮助？',
  searchLabel: '搜索帮助中心',
  searchPlaceholder: '搜索答案…',
  search: '搜索',
  results: '“{q}”的搜索结果',
  noResults: '没有找到匹配的文章。请换个说法，或浏览下面的主题。',
  noArticles: '暂时还没有文章。',
  general: '综合',
  articles: '{n} 篇文章',
  oneArticle: '1 篇文章',
  updated: '更新于 {date}',
  helpfulQuestion: '这篇文章有帮助吗？',
  yes: '有帮助',
  no: '没有帮助',
  thanks: '感谢您的反馈！',
  back: '全部主题',
  notFound: '找不到该页面。',
  notFoundHint: '这篇文章可能已被移动或下线。',
  badQuery: '搜索内容太长，请精简一些。',
  tooMany: '请求太频繁，请稍等一分钟再试。',
  otherLang: 'English',
};

export const helpStrings: Record<HelpLang, Record<HelpKey, string>> = { en, zh };

/** Fills {placeholders}; the caller escapes the result (values may be visitor input). */
export function helpText(lang: HelpLang, key: HelpKey, vars: Record<string, string | number> = {}): string {
  return helpStrings[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The visitor's preferred of en/zh from Accept-Language (by q weight), English when neither. */
export function pickHelpLang(acceptLanguage: string | undefined): HelpLang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const qParam = params.find((p) => p.trim().startsWith('q='));
      const q = qParam ? Number(qParam.trim().slice(2)) : 1;
      return { primary: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => (x.primary === 'en' || x.primary === 'zh') && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.primary === 'zh' ? 'zh' : 'en';
}
