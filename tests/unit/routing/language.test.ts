import { describe, expect, it } from 'vitest';
import { cjkShare, detectLanguage } from '../../../server/routing/classifier/language.js';
import { classify } from '../../../server/routing/classifier/index.js';

describe('language detection', () => {
  it('detects plain English and Chinese', () => {
    expect(detectLanguage('How much does the Pro plan cost?')).toBe('en');
    expect(detectLanguage('请问专业版多少钱？')).toBe('zh');
  });

  it('treats Chinese with embedded product names as Chinese', () => {
    expect(detectLanguage('我的iPhone登录不了APP')).toBe('zh');
    expect(detectLanguage('WiFi一直断')).toBe('zh');
  });

  it('treats English with a stray Chinese word as English', () => {
    expect(detectLanguage('Please send the invoice to our Shanghai office (上海) asap')).toBe('en');
  });

  it('defaults to English for text with no letters', () => {
    expect(detectLanguage('')).toBe('en');
    expect(detectLanguage('12345 !!!')).toBe('en');
    expect(cjkShare('')).toBe(0);
  });

  it('is reported by classify()', () => {
    expect(classify('退款什么时候到账').language).toBe('zh');
    expect(classify('When will my refund arrive?').language).toBe('en');
  });
});
