// The thread's older-messages strings, en and zh side by side, merged into the console dictionaries by i18n.ts.
export const historyEn = {
  'history.more': 'Load older messages',
  'history.loading': 'Loading older messages…',
  'history.start': 'This is the beginning of the conversation.',
  'history.failed': 'Could not load older messages. Scroll up to try again.',
} as const;

export const historyZh: Record<keyof typeof historyEn, string> = {
  'history.more': '加载更早的消息',
  'history.loading': '正在加载更早的消息…',
  'history.start': '这是对话的开始。',
  'history.failed': '无法加载更早的消息。请向上滚动重试。',
};
