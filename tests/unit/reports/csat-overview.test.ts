// CSAT tokens and prompts, SLA risk classification and the debounced overview push.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emailBody, scoreFromReply, slackBlocks, smsPrompt, voiceTwiml } from '../../../server/csat/prompts.js';
import { escapeHtml } from '../../../server/csat/page.js';
import { signCsatToken, verifyCsatToken } from '../../../server/csat/token.js';
import { createOverviewPusher } from '../../../server/reports/overview-push.js';
import { slaState } from '../../../server/reports/overview.js';

const SECRET = 'x'.repeat(32);

describe('csat tokens', () => {
  it('round-trips, refuses forged and expired tokens with clear codes', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const token = signCsatToken(SECRET, 'conv1', now);
    expect(verifyCsatToken(SECRET, token, now + 1000)).toBe('conv1');
    expect(() => verifyCsatToken('y'.repeat(32), token, now)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE', statusCode: 401 }));
    const [payload] = token.split('.');
    const other = Buffer.from(JSON.stringify({ c: 'conv2', e: 9e9 })).toString('base64url');
    expect(() => verifyCsatToken(SECRET, token.replace(payload!, other), now)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE' }));
    expect(() => verifyCsatToken(SECRET, 'garbage', now)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE' }));
    expect(() => verifyCsatToken(SECRET, token, now + 7 * 86_400_000 + 1)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'token', statusCode: 400 }));
  });
});

describe('csat prompts', () => {
  it('captures only bare 1-5 replies', () => {
    expect(scoreFromReply(' 4 ')).toBe(4);
    expect(scoreFromReply('5!')).toBe(5);
    expect(scoreFromReply('0')).toBeNull();
    expect(scoreFromReply('6')).toBeNull();
    expect(scoreFromReply('4 stars but slow')).toBeNull();
  });
  it('builds Slack buttons and a keypad TwiML flow', () => {
    const blocks = slackBlocks('https://x.test/', 'tok');
    expect(blocks.blocks[1]!.elements!.map((e) => e.url)).toEqual([1, 2, 3, 4, 5].map((s) => `https://x.test/csat/tok/${s}`));
    expect(voiceTwiml('https://x.test/a?b=1&c=2')).toContain('action="https://x.test/a?b=1&amp;c=2"');
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;');
  });
  it('speaks Chinese on every channel when the conversation does', () => {
    expect(slackBlocks(null, 'tok', 'zh').text).toBe('我们做得怎么样？请为本次对话评 1-5 分。');
    expect(slackBlocks(null, 'tok', 'zh').blocks[0]!.text!.text).toContain('我们做得怎么样');
    expect(emailBody('https://x.test', 'tok', 'zh')).toMatch(/^我们做得怎么样？[\s\S]*https:\/\/x\.test\/csat\/tok\/5[\s\S]*链接 7 天内有效/);
    expect(smsPrompt('zh')).toContain('回复 1-5');
    expect(smsPrompt()).toContain('Reply 1-5');
  });
});

describe('SLA risk', () => {
  const created = new Date('2025-01-01T00:00:00Z');
  const due = new Date('2025-01-01T01:00:00Z'); // a 60-minute window: at risk in its last 12 minutes
  const row = { status: 'open', createdAt: created, firstResponseAt: null, firstResponseDueAt: due, resolutionDueAt: null };
  it('is at risk within the last 20% of the window, breached after it', () => {
    expect(slaState(row, Date.parse('2025-01-01T00:47:00Z'))).toBeNull();
    expect(slaState(row, Date.parse('2025-01-01T00:49:00Z'))).toBe('at_risk');
    expect(slaState(row, Date.parse('2025-01-01T01:00:00Z'))).toBe('breached');
    expect(slaState({ ...row, firstResponseAt: created }, Date.parse('2025-01-01T02:00:00Z'))).toBeNull();
    expect(slaState({ ...row, status: 'pending' }, Date.parse('2025-01-01T02:00:00Z'))).toBeNull();
  });
});

describe('overview push', () => {
  afterEach(() => void vi.useRealTimers());
  it('debounces bursts and still emits within the max wait under a steady stream', async () => {
    vi.useFakeTimers();
    let builds = 0;
    const sent: number[] = [];
    const p = createOverviewPusher(async () => ++builds, (n) => sent.push(n), { delayMs: 300, maxWaitMs: 900 });
    for (let i = 0; i < 5; i++) p.notify();
    await vi.advanceTimersByTimeAsync(299);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(sent).toEqual([1]);
    // A change every 100 ms never lets the 300 ms quiet period pass; max wait forces a push.
    for (let t = 0; t < 1000; t += 100) {
      p.notify();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(sent.length).toBeGreaterThanOrEqual(2);
    p.stop();
  });
});
