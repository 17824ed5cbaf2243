import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../../../channels/email/html.js';
import { splitQuote } from '../../../../channels/email/quote.js';
import { replySubject } from '../../../../channels/email/send.js';
import { baseSubject, isForward, replyToken } from '../../../../channels/email/threading.js';

describe('threading helpers', () => {
  it('strips reply/forward prefixes in several languages', () => {
    expect(baseSubject('Re: RE: Fwd: Order 42')).toBe('order 42');
    expect(baseSubject('回复：订单')).toBe('订单');
    expect(baseSubject('AW: Re[2]: Rechnung')).toBe('rechnung');
    expect(isForward('Fwd: x')).toBe(true);
    expect(isForward('Re: x')).toBe(false);
  });
  it('reads the reply token only from our own plus-address', () => {
    expect(replyToken(['someone@else.example', 'support+abcdef1234@switchboard.test'], 'support@switchboard.test')).toBe('abcdef1234');
    expect(replyToken(['support+abcdef1234@other.example'], 'support@switchboard.test')).toBeNull();
  });
  it('never doubles Re:', () => {
    expect(replySubject('Re: Help')).toBe('Re: Help');
    expect(replySubject('Help')).toBe('Re: Help');
    expect(replySubject(null)).toBe('Re: Your message');
  });
  it('quote detection for Chinese clients and ">" blocks', () => {
    expect(splitQuote('好的，谢谢\n\n在 2026年11月21日 10:00，客服 写道：\n> 请重置密码').visible).toBe('好的，谢谢');
    expect(splitQuote('Fine\n> old\n> older').visible).toBe('Fine');
    expect(splitQuote('> only a quote').quoteAt).toBeNull();
  });
  it('sanitizer resists entity and whitespace tricks', () => {
    const out = sanitizeHtml('<a href=" jav&#x09;ascript:alert(1)">x</a><img src=x onerror=alert(1)><p style="x" onmouseover="y">t</p><scr<script>ipt>bad()</script>');
    expect(out).not.toMatch(/javascript|onerror|onmouseover|style=|<script/i);
    expect(out).toContain('<p>t</p>');
  });
});
