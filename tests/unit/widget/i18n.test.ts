import { describe, expect, it } from 'vitest';
import { dictionaries, errorText, pickLang, translator } from '../../../widget/src/i18n.js';

describe('pickLang', () => {
  it('uses Chinese for any zh browser language', () => {
    for (const l of ['zh', 'zh-CN', 'zh-TW', 'zh-Hant-HK', 'ZH-cn']) expect(pickLang(null, l)).toBe('zh');
  });

  it('falls back to English', () => {
    for (const l of ['en-US', 'de', 'fr-CA', '', undefined, null]) expect(pickLang(undefined, l)).toBe('en');
  });

  it('lets data-lang override, ignoring unsupported values', () => {
    expect(pickLang('en', 'zh-CN')).toBe('en');
    expect(pickLang(' ZH ', 'en-US')).toBe('zh');
    expect(pickLang('fr', 'zh-CN')).toBe('zh');
  });
});

describe('dictionaries', () => {
  it('translate every key into both languages', () => {
    const keys = Object.keys(dictionaries.en).sort();
    expect(Object.keys(dictionaries.zh).sort()).toEqual(keys);
    for (const k of keys) expect(dictionaries.zh[k as keyof typeof dictionaries.zh], k).not.toBe('');
  });

  it('fills placeholders and keeps unknown ones', () => {
    expect(translator('en')('typing', { name: 'Ana' })).toBe('Ana is typing…');
    expect(translator('zh')('typing', { name: 'Ana' })).toBe('Ana 正在输入…');
    expect(translator('en')('typing')).toBe('{name} is typing…');
  });

  it('has the offline notice the product asks for', () => {
    expect(translator('en')('offlineNotice')).toBe('No one is available right now — leave your email and we\'ll reply there');
  });

  it('maps server error codes to readable text', () => {
    const t = translator('en');
    expect(errorText(t, 'MESSAGE_TOO_LONG', 5000)).toContain('5000');
    expect(errorText(t, 'RATE_LIMITED', 5000)).toMatch(/too quickly/);
    expect(errorText(t, 'SOMETHING_NEW', 5000)).toBe(t('failed'));
  });
});
