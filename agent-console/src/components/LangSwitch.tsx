// English <-> 中文. A toggle button: it names the language it switches to.
import { useI18n } from '../context.js';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const next = lang === 'en' ? 'zh' : 'en';
  return (
    <button type="button" class="btn ghost lang-switch" data-testid="lang-switch" data-lang={lang}
      lang={next === 'zh' ? 'zh-CN' : 'en'} aria-label={t('lang.switchTo')} title={t('lang.switchTo')}
      onClick={() => setLang(next)}>
      {next === 'zh' ? '中文' : 'English'}
    </button>
  );
}
