// The public help center as plain server-rendered HTML (no scripts). Every user-written string goes
// through escapeHtml; article bodies are renderMarkdown output, which escapes raw HTML itself.
import { escapeHtml } from './markdown.js';
import { helpText, type HelpKey, type HelpLang } from './help-strings.js';

export interface HelpArticleItem { id: string; title: string; category: string | null }
export interface HelpHit { id: string; title: string; snippet: string }
export interface HelpArticle { id: string; title: string; category: string | null; html: string; updatedAt: string }

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei",sans-serif;color:#1d2330;background:#f6f7f9}
a{color:#3354d1}.wrap{max-width:860px;margin:0 auto;padding:0 20px}
.top{background:#fff;border-bottom:1px solid #e3e6eb}.top .wrap{display:flex;justify-content:space-between;align-items:center;height:56px}
.brand{font-weight:700;color:#1d2330;text-decoration:none}
.hero{background:linear-gradient(135deg,#3354d1,#6d3fd1);color:#fff;padding:40px 0 36px}.hero h1{margin:0 0 16px;font-size:28px}
.search{display:flex;gap:8px}.search input{flex:1;min-width:0;padding:12px 14px;border:0;border-radius:8px;font:inherit}
.search button{padding:0 20px;border:0;border-radius:8px;background:#1d2330;color:#fff;font:inherit;font-weight:600;cursor:pointer}
main.wrap{padding:28px 20px 48px}h2{font-size:19px;margin:28px 0 8px}.count{color:#667085;font-size:14px;font-weight:400}
.list{list-style:none;margin:0;padding:0;background:#fff;border:1px solid #e3e6eb;border-radius:10px}
.list li{padding:12px 16px;border-top:1px solid #eef0f3}.list li:first-child{border-top:0}.list a{text-decoration:none;font-weight:500}
.snippet{margin:4px 0 0;color:#4a5264;font-size:14px}.muted{color:#667085}
article{background:#fff;border:1px solid #e3e6eb;border-radius:10px;padding:24px 28px}article h1{margin:0 0 4px;font-size:28px;line-height:1.25}
.body img{max-width:100%}.body pre{background:#f3f4f6;padding:12px;border-radius:6px;overflow:auto}.body code{font-size:.9em}
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #e3e6eb;padding:4px 8px}
.crumbs{font-size:14px;margin-bottom:12px}.feedback{margin-top:28px;padding-top:16px;border-top:1px solid #eef0f3;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.feedback form{margin:0}.feedback button{padding:6px 16px;border:1px solid #cfd4dc;border-radius:6px;background:#fff;font:inherit;cursor:pointer}
.feedback button:hover{background:#f3f4f6}.notice{background:#fff;border:1px solid #e3e6eb;border-radius:10px;padding:20px}
footer{color:#667085;font-size:13px;text-align:center;padding:24px}
`;

const base = (lang: HelpLang) => `/help/${lang}`;

function layout(lang: HelpLang, title: string, main: string, q = ''): string {
  const t = (k: HelpKey, v?: Record<string, string | number>) => escapeHtml(helpText(lang, k, v));
  const other: HelpLang = lang === 'en' ? 'zh' : 'en';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${CSS}</style></head><body>
<header class="top"><div class="wrap"><a class="brand" href="${base(lang)}">${t('title')}</a><a href="${base(other)}" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${t('otherLang')}</a></div></header>
<section class="hero"><div class="wrap"><h1>${t('heading')}</h1>
<form class="search" method="get" action="${base(lang)}" role="search"><input type="search" name="q" value="${escapeHtml(q)}" maxlength="1000" placeholder="${t('searchPlaceholder')}" aria-label="${t('searchLabel')}"><button type="submit">${t('search')}</button></form>
</div></section>
<main class="wrap">${main}</main><footer>${t('title')}</footer></body></html>`;
}

const link = (lang: HelpLang, a: { id: string; title: string }) => `<a href="${base(lang)}/${encodeURIComponent(a.id)}">${escapeHtml(a.title)}</a>`;

/** Published articles grouped by category, named categories first (alphabetically), then the rest. */
export function listPage(lang: HelpLang, articles: HelpArticleItem[]): string {
  if (!articles.length) return layout(lang, helpText(lang, 'title'), `<p class="notice muted">${escapeHtml(helpText(lang, 'noArticles'))}</p>`);
  const groups = new Map<string | null, HelpArticleItem[]>();
  for (const a of articles) groups.set(a.category, [...(groups.get(a.category) ?? []), a]);
  const names = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, lang)));
  const sections = names.map((name) => {
    const items = groups.get(name)!;
    const heading = escapeHtml(name ?? helpText(lang, 'general'));
    return `<section><h2>${heading} <span class="count">${escapeHtml(items.length === 1 ? helpText(lang, 'oneArticle') : helpText(lang, 'articles', { n: items.length }))}</span></h2>
<ul class="list">${items.map((a) => `<li>${link(lang, a)}</li>`).join('')}</ul></section>`;
  });
  return layout(lang, helpText(lang, 'title'), sections.join('\n'));
}

export function searchPage(lang: HelpLang, q: string, hits: HelpHit[]): string {
  const heading = `<h2>${escapeHtml(helpText(lang, 'results', { q }))}</h2>`;
  const body = hits.length
    ? `<ul class="list">${hits.map((h) => `<li>${link(lang, h)}<p class="snippet">${escapeHtml(h.snippet)}</p></li>`).join('')}</ul>`
    : `<p class="notice muted">${escapeHtml(helpText(lang, 'noResults'))}</p>`;
  return layout(lang, `${q} · ${helpText(lang, 'title')}`, `${heading}${body}<p><a href="${base(lang)}">${escapeHtml(helpText(lang, 'back'))}</a></p>`, q);
}

export function articlePage(lang: HelpLang, a: HelpArticle, voted: boolean): string {
  const t = (k: HelpKey, v?: Record<string, string | number>) => escapeHtml(helpText(lang, k, v));
  const date = new Date(a.updatedAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-US', { year: 'numeric', month: 'long', day: 'numeric' });
  const action = `${base(lang)}/${encodeURIComponent(a.id)}/vote`;
  const feedback = voted
    ? `<p role="status">${t('thanks')}</p>`
    : `<span>${t('helpfulQuestion')}</span>
<form method="post" action="${action}"><input type="hidden" name="helpful" value="yes"><button type="submit">${t('yes')}</button></form>
<form method="post" action="${action}"><input type="hidden" name="helpful" value="no"><button type="submit">${t('no')}</button></form>`;
  const main = `<nav class="crumbs"><a href="${base(lang)}">${t('back')}</a>${a.category ? ` › ${escapeHtml(a.category)}` : ''}</nav>
<article><h1>${escapeHtml(a.title)}</h1><p class="muted">${t('updated', { date })}</p>
<div class="body">${a.html}</div>
<div class="feedback">${feedback}</div></article>`;
  return layout(lang, `${a.title} · ${helpText(lang, 'title')}`, main);
}

export function messagePage(lang: HelpLang, key: 'notFound' | 'badQuery' | 'tooMany'): string {
  const hint = key === 'notFound' ? `<p class="muted">${escapeHtml(helpText(lang, 'notFoundHint'))}</p>` : '';
  return layout(lang, helpText(lang, 'title'), `<div class="notice"><p>${escapeHtml(helpText(lang, key))}</p>${hint}<p><a href="${base(lang)}">${escapeHtml(helpText(lang, 'back'))}</a></p></div>`);
}
