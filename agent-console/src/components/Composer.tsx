// Reply or private note. Ctrl/Cmd+Enter sends; typing is shared with the customer in reply mode only.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { Channel, StaffMessage } from '../types.js';
import { newClientId } from '../util.js';

interface Props {
  conversationId: string;
  channel: Channel;
  draft: string;
  setDraft: (text: string) => void;
  onSent: (m: StaffMessage) => void;
}

const IDLE_MS = 3000;
const REPEAT_MS = 4000;

export function Composer({ conversationId, channel, draft, setDraft, onSent }: Props) {
  const { t } = useI18n();
  const { socket, notify } = useSession();
  const [note, setNote] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const typingSince = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (typingSince.current) socket?.emit('typing.set', { conversationId, typing: false });
    typingSince.current = 0;
  };
  useEffect(() => stopTyping, [conversationId]);

  const onTyping = (text: string) => {
    if (note || !text.trim()) return stopTyping();
    const now = Date.now();
    if (now - typingSince.current > REPEAT_MS) {
      socket?.emit('typing.set', { conversationId, typing: true });
      typingSince.current = now;
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, IDLE_MS);
  };

  const setMode = (privateNote: boolean) => {
    if (privateNote) stopTyping();
    setNote(privateNote);
  };

  async function send() {
    const body = draft.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    stopTyping();
    const isPrivate = note;
    try {
      const m = await api.send(conversationId, body, isPrivate, newClientId());
      onSent(m);
      setDraft('');
    } catch (err) {
      const msg = err instanceof ApiError && err.code === 'MESSAGE_TOO_LONG' ? t('composer.tooLong') : t('composer.failed');
      setError(msg);
      notify(msg);
    } finally {
      setSending(false);
    }
  }

  return (
    <form class={`composer${note ? ' note-mode' : ''}`} onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div class="composer-tabs" role="group" aria-label={t('composer.mode')}>
        <button type="button" class={note ? '' : 'on'} aria-pressed={!note} data-testid="reply-toggle" onClick={() => setMode(false)}>
          {t('composer.reply')}
        </button>
        <button type="button" class={note ? 'on' : ''} aria-pressed={note} data-testid="note-toggle" onClick={() => setMode(!note)}>
          {t('composer.note')}
        </button>
        <span class="composer-hint" id={hintId}>
          {note ? t('composer.noteHint') : t('composer.replyHint', { channel: t(`channel.${channel}`) })}
        </span>
      </div>
      <label class="sr-only" for={inputId}>{note ? t('composer.noteLabel') : t('composer.replyLabel')}</label>
      <textarea id={inputId} data-testid="reply-input" rows={3} value={draft} aria-describedby={hintId}
        placeholder={note ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        onInput={(e) => { const v = e.currentTarget.value; setDraft(v); onTyping(v); }}
        onBlur={stopTyping}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }} />
      {error && <p class="form-error" role="alert">{error}</p>}
      <div class="composer-foot">
        <span class="muted small"><kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd> {t('composer.shortcut')}</span>
        <button type="submit" data-testid="reply-send" class={`btn ${note ? 'warn' : 'primary'}`} disabled={sending || !draft.trim()}>
          {sending ? t('composer.sending') : note ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
