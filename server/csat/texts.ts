// Every word a customer reads or hears in a survey, in their language (the conversation's, detected by
// routing, else the inbox's); pages reached by a bad link follow the browser's Accept-Language.
import { LANGUAGES, type Language } from '../routing/classifier/types.js';

export type CsatLanguage = Language;

export const csatLanguage = (...candidates: (string | null | undefined)[]): CsatLanguage =>
  candidates.find((c): c is Language => (LANGUAGES as readonly (string | null | undefined)[]).includes(c)) ?? 'en';

export interface CsatTexts {
  smsPrompt: string;
  emailIntro: string;
  emailFooter: string;
  slackPrompt: string;
  slackHeading: string;
  question: { title: string; text: string };
  commentLabel: string;
  ratingHint: string;
  send: string;
  stars: (score: number) => string;
  thanks: string;
  rated: (score: number) => string;
  commentSaved: string;
  missing: string;
  failed: { title: string; text: string };
  errors: Record<'INVALID_SIGNATURE' | 'VALIDATION_FAILED' | 'CONFLICT' | 'CONVERSATION_NOT_FOUND', { title: string; text: string }>;
  scoreInvalid: string;
}

export const CSAT_TEXTS: Record<CsatLanguage, CsatTexts> = {
  en: {
    smsPrompt: 'How did we do? Reply 1-5 to rate us (5 = great).',
    emailIntro: 'How did we do? Rate this conversation (the link opens a page with the question):',
    emailFooter: 'The link works for 7 days. Thank you!',
    slackPrompt: 'How did we do? Rate this conversation 1-5.',
    slackHeading: '*How did we do?* Rate this conversation:',
    question: { title: 'How did we do?', text: 'Please rate this conversation.' },
    commentLabel: 'Anything to add? (optional)',
    ratingHint: 'Your rating is sent when you press it:',
    send: 'Send',
    stars: (s) => `${s} out of 5`,
    thanks: 'Thank you!',
    rated: (s) => `You rated us ${s} out of 5.`,
    commentSaved: 'Your comment was saved.',
    missing: 'Something is missing',
    failed: { title: 'Something went wrong', text: 'Please try again later.' },
    errors: {
      INVALID_SIGNATURE: { title: 'This link is not valid', text: 'Please use the link from your message exactly as it was sent.' },
      VALIDATION_FAILED: { title: 'This link has expired', text: 'Survey links work for 7 days. Thank you anyway!' },
      CONFLICT: { title: 'Already rated', text: 'We already have your rating for this conversation. Thank you!' },
      CONVERSATION_NOT_FOUND: { title: 'Conversation not found', text: 'This conversation no longer exists.' },
    },
    scoreInvalid: 'The rating must be 1 to 5.',
  },
  zh: {
    smsPrompt: '我们做得怎么样？回复 1-5 为我们评分（5 = 非常好）。',
    emailIntro: '我们做得怎么样？请为本次对话评分（链接会打开一个评分页面）：',
    emailFooter: '链接 7 天内有效。谢谢！',
    slackPrompt: '我们做得怎么样？请为本次对话评 1-5 分。',
    slackHeading: '*我们做得怎么样？* 请为本次对话评分：',
    question: { title: '我们做得怎么样？', text: '请为本次对话评分。' },
    commentLabel: '还有什么想说的吗？（可选）',
    ratingHint: '点击即提交评分：',
    send: '发送',
    stars: (s) => `${s} 分（满分 5 分）`,
    thanks: '谢谢！',
    rated: (s) => `您给了我们 ${s} 分（满分 5 分）。`,
    commentSaved: '您的留言已保存。',
    missing: '缺少内容',
    failed: { title: '出错了', text: '请稍后再试。' },
    errors: {
      INVALID_SIGNATURE: { title: '此链接无效', text: '请使用消息中的原始链接。' },
      VALIDATION_FAILED: { title: '此链接已过期', text: '评分链接 7 天内有效。仍然感谢您！' },
      CONFLICT: { title: '已经评过分', text: '我们已收到您对本次对话的评分。谢谢！' },
      CONVERSATION_NOT_FOUND: { title: '找不到对话', text: '此对话已不存在。' },
    },
    scoreInvalid: '评分必须是 1 到 5。',
  },
};
