// What callers hear, per inbox language; greeting and menu prompt can be overridden in settings.
import type { TwilioSettings } from './settings.js';

export type Lang = 'en' | 'zh';

const TEXT = {
  en: {
    greeting: 'Thank you for calling.',
    menu: 'Press 1 for sales, 2 for support, 3 for billing, 4 for complaints, or say what you need.',
    badChoice: 'Sorry, that is not an option.',
    connecting: (team: string) => `Please hold while we connect you to ${team}.`,
    position: (n: number) => (n <= 1 ? 'You are next in line.' : `You are number ${n} in the queue.`),
    closed: 'We are closed right now. Please leave a message after the tone and we will call you back.',
    busy: 'All our agents are still busy. Please leave a message after the tone and we will call you back.',
    thanks: 'Thank you. Goodbye.',
    survey: 'Before you go, please rate this call. Press 1 to 5, where 5 is great.',
    surveyRetry: 'Please press a number from 1 to 5.',
    rated: 'Thank you for your rating. Goodbye.',
    alreadyRated: 'We already have your rating for this call. Thank you. Goodbye.',
  },
  zh: {
    greeting: '感谢您的来电。',
    menu: '销售请按1，技术支持请按2，账单请按3，投诉请按4，或者直接说出您的需求。',
    badChoice: '抱歉，没有这个选项。',
    connecting: (team: string) => `请稍候，正在为您转接${team}。`,
    position: (n: number) => (n <= 1 ? '下一位就是您。' : `您前面还有${n - 1}位。`),
    closed: '我们现在已下班。请在提示音后留言，我们会给您回电。',
    busy: '我们的客服仍在忙碌中。请在提示音后留言，我们会给您回电。',
    thanks: '谢谢，再见。',
    survey: '挂机前，请为本次通话评分。请按1到5，5表示非常满意。',
    surveyRetry: '请按1到5之间的数字。',
    rated: '感谢您的评分，再见。',
    alreadyRated: '我们已收到您对本次通话的评分。谢谢，再见。',
  },
} as const;

const TEAM_NAMES: Record<Lang, Record<string, string>> = {
  en: { sales: 'sales', support: 'support', finance: 'billing', care: 'customer care', triage: 'the next available agent' },
  zh: { sales: '销售', support: '技术支持', finance: '账单', care: '客户关怀', triage: '下一位客服' },
};

export function langOf(language: string): Lang {
  return language === 'zh' ? 'zh' : 'en';
}

/** Twilio's <Say> language codes. */
export function sayLanguage(lang: Lang): 'en-US' | 'zh-CN' {
  return lang === 'zh' ? 'zh-CN' : 'en-US';
}

/** Speech recognition names Mandarin differently from text-to-speech. */
export function gatherLanguage(lang: Lang): 'en-US' | 'cmn-Hans-CN' {
  return lang === 'zh' ? 'cmn-Hans-CN' : 'en-US';
}

export function voiceText(lang: Lang) {
  return TEXT[lang];
}

export function teamName(lang: Lang, team: string): string {
  return TEAM_NAMES[lang][team] ?? team;
}

export function greetingOf(s: TwilioSettings, lang: Lang): string {
  return s.greeting?.[lang] ?? TEXT[lang].greeting;
}

export function menuPromptOf(s: TwilioSettings, lang: Lang): string {
  return s.menuPrompt?.[lang] ?? TEXT[lang].menu;
}
