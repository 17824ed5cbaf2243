// What the survey looks like on each channel, in the customer's language. Texts are plain; links carry the signed token.
import { CSAT_TEXTS, type CsatLanguage } from './texts.js';

export const smsPrompt = (lang: CsatLanguage = 'en') => CSAT_TEXTS[lang].smsPrompt;

/** Matches a bare rating reply: "4", " 5 ", "3!" — nothing else, so normal messages are never eaten. */
export function scoreFromReply(text: string): number | null {
  const m = /^\s*([1-5])\s*[.!]?\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

export const csatLink = (baseUrl: string, token: string, score: number) => `${baseUrl.replace(/\/$/, '')}/csat/${encodeURIComponent(token)}/${score}`;

export function emailBody(baseUrl: string, token: string, lang: CsatLanguage = 'en'): string {
  const lines = [5, 4, 3, 2, 1].map((s) => `${'★'.repeat(s)}${'☆'.repeat(5 - s)} ${s}: ${csatLink(baseUrl, token, s)}`);
  return [CSAT_TEXTS[lang].emailIntro, '', ...lines, '', CSAT_TEXTS[lang].emailFooter].join('\n');
}

export const slackPrompt = (lang: CsatLanguage = 'en') => CSAT_TEXTS[lang].slackPrompt;

/** The actions block's id carries the survey token: Slack signs the click, so it comes back as we posted it. */
export const SLACK_BLOCK_PREFIX = 'csat:';

/**
 * Block Kit message for the Slack adapter: five buttons whose click comes back as a block_actions
 * interaction. With a baseUrl each button is also a one-click link (for apps without Interactivity).
 */
export function slackBlocks(baseUrl: string | null, token: string, lang: CsatLanguage = 'en') {
  return {
    text: slackPrompt(lang),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: CSAT_TEXTS[lang].slackHeading } },
      {
        type: 'actions', block_id: `${SLACK_BLOCK_PREFIX}${token}`,
        elements: [1, 2, 3, 4, 5].map((s) => ({ type: 'button', action_id: `csat_${s}`, text: { type: 'plain_text', text: `${s} ${'★'.repeat(s)}` }, ...(baseUrl ? { url: csatLink(baseUrl, token, s) } : {}), value: String(s) })),
      },
    ],
  };
}

export interface KeypadText { prompt: string; thanks: string; language?: string }
const KEYPAD_EN: KeypadText = { prompt: 'Before you go, please rate this call. Press 1 to 5, where 5 is great.', thanks: 'Thank you. Goodbye.' };

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** TwiML for the end of a call: press 1-5; Twilio posts Digits to actionUrl (which calls submit). */
export function voiceTwiml(actionUrl: string, text: KeypadText = KEYPAD_EN): string {
  const lang = text.language ? ` language="${xmlAttr(text.language)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" timeout="8" action="${xmlAttr(actionUrl)}" method="POST"><Say${lang}>${xmlText(text.prompt)}</Say></Gather><Say${lang}>${xmlText(text.thanks)}</Say></Response>`;
}
