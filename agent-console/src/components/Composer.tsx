// Reply or private note. Ctrl/Cmd+Enter sends; typing is shared with the customer in reply mode only;
// "/" opens the saved-reply picker; files come by the attach button, drag and drop or paste.
import { SegmentedMessage } from 'sms-segments-calculator';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { ConversationState } from '../hooks/useConversation.js';
import type { Channel, StaffMessage } from '../types.js';
import { newClientId } from '../util.js';
import { placeholdersIn } from '../api-canned.js';
import { useCannedPicker, type PickerItem } from '../hooks/useCannedPicker.js';
import { CannedPicker, optionId } from './CannedPicker.js';
import { useUploads } from '../hooks/useUploads.js';
import { AttachButton, PendingFiles } from './ComposerFiles.js';

interface Props {
  conversationId: string;
  channel: Channel;
  /** The channel's reply limit and the note limit, from the server (null while loading). */
  limits: ConversationState['limits'];
  draft: string;
  setDraft: (text: string) => void;
  onSent: (m: StaffMessage) => void;
}

const IDLE_MS = 3000;
const REPEAT_MS = 4000;

/** Characters as the server counts them (UTF-16 units, like String.length). */
function LengthCount({ text, max, sms, id }: { text: string; max: number; sms: boolean; id: string }) {
  const { t, lang } = useI18n();
  const over = text.length > max;
  // SMS: what the carrier bills, GSM-7 (153 per part) or UCS-2 (67 per part) as Twilio counts it.
  const segments = sms && text ? new SegmentedMessage(text).segmentsCount : 0;
  const parts = segments ? ` · ${t(new Intl.PluralRules(lang).select(segments) === 'one' ? 'composer.segmentsOne' : 'composer.segmentsOther', { n: segments })}` : '';
  return (
    <span id={id} class={`composer-count small${over ? ' over' : ''}`} data-testid="reply-count" aria-live="polite">
      {over ? t('composer.overLimit', { n: text.length, max }) : `${text.length} / ${max}`}{parts}
    </span>
  );
}

export function Composer({ conversationId, channel, limits, draft, setDraft, onSent }: Props) {
  const { t } = useI18n();
  const { socket, notify } = useSession();
  const [note, setNote] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const countId = useId();
  const max = limits ? (note ? limits.noteMaxChars : limits.reply.maxChars) : null;
  const tooLong = max !== null && draft.trim().length > max;
  const picker = useCannedPicker(conversationId);
  const listId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  // A saved reply's placeholder that had no data must be filled by hand, never sent as {{...}}.
  const unfilled = placeholdersIn(draft);
  const uploads = useUploads((msg) => notify(msg));
  const [dragging, setDragging] = useState(false);
  // Voice replies go by SMS without files; the server refuses them too.
  const filesAllowed = limits?.reply.files !== false || note;
  const hasFiles = uploads.ready.length > 0;
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
    if ((!body && !hasFiles) || sending || uploads.uploading || tooLong || unfilled.length) return;
    setSending(true);
    setError(null);
    stopTyping();
    const isPrivate = note;
    try {
      const m = await api.send(conversationId, body, isPrivate, newClientId(), uploads.ready);
      onSent(m);
      setDraft('');
      uploads.clear();
    } catch (err) {
      // The server's message names the channel and its limit.
      const msg = err instanceof ApiError && err.code === 'MESSAGE_TOO_LONG' ? `${t('composer.tooLong')} ${err.message}`
        : err instanceof ApiError && err.code.startsWith('ATTACHMENT') ? err.message : t('composer.failed');
      setError(msg);
      notify(msg);
    } finally {
      setSending(false);
    }
  }

  async function insert(item: PickerItem | undefined) {
    const at = picker.trigger;
    if (!item || !at) return;
    picker.close();
    try {
      const filled = await picker.choose(item);
      if (!filled) return;
      const next = draft.slice(0, at.start) + filled.text + draft.slice(at.end);
      setDraft(next);
      const caret = at.start + filled.text.length;
      requestAnimationFrame(() => { input.current?.focus(); input.current?.setSelectionRange(caret, caret); });
    } catch {
      notify(t('cr.failed'));
    }
  }

  function pickerKey(e: KeyboardEvent): boolean {
    if (!picker.open) return false;
    if (e.key === 'Escape') picker.close();
    else if (!picker.items.length) return false;
    else if (e.key === 'ArrowDown') picker.move(1);
    else if (e.key === 'ArrowUp') picker.move(-1);
    else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') void insert(picker.items[picker.active]);
    else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  return (
    <form class={`composer${note ? ' note-mode' : ''}${dragging ? ' drop-target' : ''}`} data-testid="composer" onSubmit={(e) => { e.preventDefault(); void send(); }}
      onDragOver={(e) => { if (filesAllowed && e.dataTransfer?.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => { setDragging(false); if (!filesAllowed || !e.dataTransfer?.files.length) return; e.preventDefault(); uploads.add([...e.dataTransfer.files]); }}>
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
      <CannedPicker picker={picker} listId={listId} onPick={(item) => void insert(item)} />
      <textarea id={inputId} ref={input} data-testid="reply-input" rows={3} value={draft} aria-describedby={`${hintId} ${countId}`} aria-invalid={tooLong || unfilled.length > 0}
        aria-autocomplete="list" aria-controls={listId}
        aria-activedescendant={picker.open && picker.items.length ? optionId(listId, picker.active) : undefined}
        placeholder={note ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        onInput={(e) => { const v = e.currentTarget.value; setDraft(v); onTyping(v); picker.track(v, e.currentTarget.selectionStart); }}
        onClick={(e) => picker.track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => { stopTyping(); picker.close(); }}
        onPaste={(e) => { const pasted = [...(e.clipboardData?.files ?? [])]; if (pasted.length && filesAllowed) { e.preventDefault(); uploads.add(pasted); } }}
        onKeyDown={(e) => {
          if (pickerKey(e)) return;
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }} />
      {unfilled.length > 0 && <p class="form-error" role="alert" data-testid="reply-unfilled">{t('cr.unfilled', { names: unfilled.map((n) => `{{${n}}}`).join(', ') })}</p>}
      {error && <p class="form-error" role="alert">{error}</p>}
      <PendingFiles files={uploads.files} onRemove={uploads.remove} />
      {dragging && <p class="drop-hint" aria-hidden="true">{t('files.drop')}</p>}
      <div class="composer-foot">
        {filesAllowed && <AttachButton onFiles={uploads.add} disabled={sending} />}
        <span class="muted small"><kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd> {t('composer.shortcut')}</span>
        {max !== null && <LengthCount text={draft.trim()} max={max} sms={!note && !!limits?.reply.smsSegments} id={countId} />}
        <button type="submit" data-testid="reply-send" class={`btn ${note ? 'warn' : 'primary'}`} disabled={sending || uploads.uploading || (!draft.trim() && !hasFiles) || tooLong || unfilled.length > 0}>
          {sending ? t('composer.sending') : note ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
