// After an agent inserts an article: "did it help?", recorded against the article and conversation.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../context.js';

interface Props {
  articleId: string;
  title: string;
  conversationId: string;
  onDone: () => void;
}

export function UsageFeedback({ articleId, title, conversationId, onDone }: Props) {
  const { t } = useI18n();
  const [state, setState] = useState<'ask' | 'busy' | 'thanks'>('ask');

  async function answer(helped: boolean) {
    setState('busy');
    try {
      await api.kbUsed(articleId, conversationId, helped);
      setState('thanks');
      setTimeout(onDone, 2500);
    } catch {
      setState('ask');
    }
  }

  return (
    <div class="kb-feedback" data-testid="kb-helped" role="group" aria-label={t('kb.helpedQuestion', { title })}>
      {state === 'thanks' ? <span role="status">{t('kb.helpedThanks')}</span> : (
        <>
          <span class="kb-feedback-q">{t('kb.helpedQuestion', { title })}</span>
          <span class="suggestion-actions">
            <button type="button" class="btn secondary small" data-testid="kb-helped-yes" disabled={state === 'busy'} onClick={() => void answer(true)}>{t('kb.helpedYes')}</button>
            <button type="button" class="btn secondary small" data-testid="kb-helped-no" disabled={state === 'busy'} onClick={() => void answer(false)}>{t('kb.helpedNo')}</button>
            <button type="button" class="btn ghost small" aria-label={t('dialog.close')} onClick={onDone}>✕</button>
          </span>
        </>
      )}
    </div>
  );
}
