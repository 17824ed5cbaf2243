// Conversation search strings, en and zh side by side, merged into the console dictionaries by i18n.ts.
export const searchEn = {
  'search.placeholder': 'Search all conversations… (/)',
  'search.label': 'Search messages, names, emails and phones',
  'search.results': 'Search results',
  'search.count': '{n} shown',
  'search.searching': 'Searching…',
  'search.none': 'Nothing found for “{q}”.',
  'search.more': 'More results',
  'search.failed': 'Search failed. Try again.',
  'search.tooLong': 'The search is too long (200 characters at most).',
  'search.hint': '↑ ↓ to choose, Enter to open, Esc to clear',
  'search.note': 'Private note',
  'search.customerMatch': 'Customer',
  'search.hitMissing': 'The matching message is older than the messages loaded here.',
};

export const searchZh: Record<keyof typeof searchEn, string> = {
  'search.placeholder': '搜索所有会话…（/）',
  'search.label': '搜索消息、姓名、邮箱和电话',
  'search.results': '搜索结果',
  'search.count': '显示 {n} 条',
  'search.searching': '正在搜索…',
  'search.none': '没有找到“{q}”。',
  'search.more': '更多结果',
  'search.failed': '搜索失败，请重试。',
  'search.tooLong': '搜索内容太长（最多 200 个字符）。',
  'search.hint': '↑ ↓ 选择，Enter 打开，Esc 清除',
  'search.note': '内部备注',
  'search.customerMatch': '客户',
  'search.hitMissing': '匹配的消息早于此处已加载的消息。',
};
