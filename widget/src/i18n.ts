// Every string the visitor can see, in English and Chinese. `{x}` marks a placeholder.
import { filesEn, filesZh } from './i18n-files.js';

export type Lang = 'en' | 'zh';

const en = {
  openChat: 'Open chat',
  openChatUnread: 'Open chat ({n} unread)',
  closeChat: 'Close chat',
  chat: 'Chat',
  messages: 'Messages',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  waiting: 'Waiting for connection…',
  online: 'Online',
  away: 'Away',
  greeting: 'Hi there! Ask us anything — we usually reply in a few minutes.',
  agent: 'Agent',
  bot: 'Assistant',
  typing: '{name} is typing…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  unavailable: 'Chat is unavailable right now.',
  offlineNotice: 'No one is available right now — leave your email and we\'ll reply there',
  email: 'Email address',
  emailPlaceholder: 'you@example.com',
  notify: 'Notify me',
  emailSaved: 'Thanks! We\'ll reply to {email}.',
  writeFirst: 'Please write your question first, then leave your email.',
  invalidEmail: 'Please enter a valid email address.',
  tooLong: 'This message is too long (at most {max} characters).',
  rateLimited: 'You\'re sending messages too quickly. Please wait a moment.',
  failed: 'This message could not be sent.',
  noConnection: 'We can\'t reach the server. Please try again.',
  retry: 'Retry',
  charsLeft: '{n} characters left',
  kbTitle: 'Help articles',
  kbSearch: 'Search our help articles',
  kbPlaceholder: 'Search for answers…',
  kbNone: 'No articles found. Ask us in the chat below.',
  kbError: 'Search is unavailable right now.',
  kbOpenFailed: 'This article could not be opened.',
  kbBack: 'Back to results',
  kbHelpful: 'Was this helpful?',
  yes: 'Yes',
  no: 'No',
  kbThanks: 'Thanks for your feedback!',
  kbChat: 'Still need help? Chat with us',
  csatTitle: 'How did we do?',
  csatScore: '{n} of 5',
  csatComment: 'Anything to add? (optional)',
  csatSubmit: 'Send rating',
  csatThanks: 'Thanks for your feedback!',
  csatAlready: 'You have already rated this conversation. Thank you!',
  csatExpired: 'This survey has expired.',
  csatInvalid: 'This survey is no longer valid.',
  queue: 'You are number {n} in line',
  queueWait: 'You are number {n} in line — about {m} min',
  ...filesEn,
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  ...filesZh,
  openChat: '打开聊天',
  openChatUnread: '打开聊天（{n} 条未读）',
  closeChat: '关闭聊天',
  chat: '聊天',
  messages: '消息',
  placeholder: '输入消息…',
  send: '发送',
  sending: '发送中…',
  waiting: '等待连接…',
  online: '在线',
  away: '离开',
  greeting: '您好！有任何问题都可以问我们，通常几分钟内回复。',
  agent: '客服',
  bot: '智能助手',
  typing: '{name} 正在输入…',
  connecting: '正在连接…',
  reconnecting: '正在重新连接…',
  unavailable: '聊天暂时不可用。',
  offlineNotice: '目前没有客服在线 — 请留下您的邮箱，我们会通过邮件回复您',
  email: '邮箱地址',
  emailPlaceholder: 'you@example.com',
  notify: '通知我',
  emailSaved: '谢谢！我们会回复到 {email}。',
  writeFirst: '请先写下您的问题，再留下邮箱。',
  invalidEmail: '请输入有效的邮箱地址。',
  tooLong: '消息过长（最多 {max} 个字符）。',
  rateLimited: '发送太频繁了，请稍候再试。',
  failed: '消息发送失败。',
  noConnection: '无法连接服务器，请重试。',
  retry: '重试',
  charsLeft: '还可输入 {n} 个字符',
  kbTitle: '帮助文章',
  kbSearch: '搜索帮助文章',
  kbPlaceholder: '搜索答案…',
  kbNone: '没有找到相关文章，请在下方聊天中咨询我们。',
  kbError: '暂时无法搜索。',
  kbOpenFailed: '无法打开这篇文章。',
  kbBack: '返回搜索结果',
  kbHelpful: '这篇文章有帮助吗？',
  yes: '有帮助',
  no: '没有帮助',
  kbThanks: '感谢您的反馈！',
  kbChat: '还需要帮助？和我们聊聊',
  csatTitle: '我们的服务如何？',
  csatScore: '{n} 分（满分 5 分）',
  csatComment: '还有什么想说的吗？（可选）',
  csatSubmit: '提交评分',
  csatThanks: '感谢您的反馈！',
  csatAlready: '您已经评价过这次对话，谢谢！',
  csatExpired: '此评价已过期。',
  csatInvalid: '此评价已失效。',
  queue: '您在队列中排第 {n} 位',
  queueWait: '您在队列中排第 {n} 位 — 大约 {m} 分钟',
};

export const dictionaries: Record<Lang, Record<Key, string>> = { en, zh };

/** data-lang wins when it names a supported language; otherwise zh* browsers get Chinese. */
export function pickLang(override: string | null | undefined, browserLang: string | null | undefined): Lang {
  const o = override?.trim().toLowerCase();
  if (o === 'en' || o === 'zh') return o;
  return browserLang?.trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}

/** The text to show for a server error code; unknown codes fall back to a generic line. */
export function errorText(t: Translate, code: string, max: number): string {
  if (code === 'MESSAGE_TOO_LONG') return t('tooLong', { max });
  if (code === 'RATE_LIMITED') return t('rateLimited');
  if (code === 'CONVERSATION_NOT_FOUND') return t('writeFirst');
  if (code === 'TIMEOUT') return t('noConnection');
  if (code === 'FILE_TOO_LARGE') return t('fileTooLarge');
  if (code === 'FILE_TYPE_NOT_ALLOWED') return t('fileType');
  if (code.startsWith('ATTACHMENT')) return t('fileFailed');
  return t('failed');
}
