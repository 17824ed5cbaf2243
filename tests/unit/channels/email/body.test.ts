import { describe, expect, it } from 'vitest';
import { displayText, MAX_BODY_CHARS } from '../../../../channels/email/inbound.js';
import { parseMail } from '../../../../channels/email/parse.js';

const mailWith = (text: string) => parseMail(Buffer.from(`From: a@x.example\r\nSubject: long\r\nMessage-ID: <long@x.example>\r\n\r\n${text}\r\n`), 1024 * 1024);

describe('email body length', () => {
  it('keeps a long mail whole well past the old 4,800-character cap', async () => {
    const text = 'word '.repeat(10_000).trim(); // 49,999 characters
    expect(displayText(await mailWith(text))).toBe(text);
  });
  it('cuts only beyond the channel limit, with a note pointing at original.eml', async () => {
    const out = displayText(await mailWith('x'.repeat(MAX_BODY_CHARS + 5_000)));
    expect(out.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(out.length).toBeGreaterThan(MAX_BODY_CHARS - 100);
    expect(out).toMatch(/\[\.\.\. truncated: the full message is in original\.eml\]$/);
  });
});
