// What the survey looks like on each channel. Texts are plain; links carry the signed token.

export const SMS_PROMPT = 'How did we do? Reply 1-5 to rate us (5 = great).';

/** Matches a bare rating reply: "4", " 5 ", "3!" — nothing else, so normal messages are never eaten. */
export function scoreFromReply(text: string): number | null {
  const m = /^\s*([1-5])\s*[.!]?\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

export const csatLink = (baseUrl: string, token: string, score: number) => `${baseUrl.replace(/\/$/, '')}/csat/${encodeURIComponent(token)}/${score}`;

export function emailBody(baseUrl: string, token: string): string {
  const lines = [5, 4, 3, 2, 1].map((s) => `${'★'.repeat(s)}${'☆'.repeat(5 - s)} ${s}: ${csatLink(baseUrl, token, s)}`);
  return ['How did we do? Rate this conversation with one click:', '', ...lines, '', 'The link works for 7 days. Thank you!'].join('\n');
}

/** Block Kit message for the Slack adapter: five buttons, each a signed one-click link. */
export function slackBlocks(baseUrl: string, token: string) {
  return {
    text: 'How did we do? Rate this conversation 1-5.',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: '*How did we do?* Rate this conversation:' } },
      {
        type: 'actions', block_id: 'csat',
        elements: [1, 2, 3, 4, 5].map((s) => ({ type: 'button', action_id: `csat_${s}`, text: { type: 'plain_text', text: `${s} ${'★'.repeat(s)}` }, url: csatLink(baseUrl, token, s), value: String(s) })),
      },
    ],
  };
}

/** TwiML for the end of a call: press 1-5; Twilio posts Digits to actionUrl (which calls submit). */
export function voiceTwiml(actionUrl: string): string {
  const url = actionUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" timeout="8" action="${url}" method="POST"><Say>Before you go, please rate this call. Press 1 to 5, where 5 is great.</Say></Gather><Say>Thank you. Goodbye.</Say></Response>`;
}
