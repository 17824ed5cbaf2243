// One row of the queue: a real button, so Tab reaches it and Enter opens it.
import { useI18n, useSession } from '../context.js';
import { useNow } from '../hooks/useNow.js';
import type { ConversationSummary } from '../types.js';
import { formatDuration, formatTime, secondsSince, waitingSince } from '../util.js';
import { ChannelIcon } from './ChannelIcon.js';
import { PriorityBadge, StatusBadge, TypeBadge } from './Badges.js';
import { customerLabel } from '../customer-label.js';
import { markdownToPlain } from '../../../server/format/render.js';

interface Props {
  c: ConversationSummary;
  selected: boolean;
  unread: boolean;
  onOpen: (id: string) => void;
}

export function ConversationItem({ c, selected, unread, onOpen }: Props) {
  const { t, lang } = useI18n();
  const { users, teams } = useSession();
  const now = useNow(15_000);
  const since = waitingSince(c);
  const waitSec = since ? secondsSince(since, now) : 0;
  const last = c.lastMessage;
  const prefix = !last ? '' : last.private ? t('list.notePrefix') : last.authorKind === 'agent' ? t('list.youPrefix') : '';
  const assignee = c.assigneeId ? users.find((u) => u.id === c.assigneeId)?.name : null;
  const team = c.teamId ? teams.find((x) => x.id === c.teamId)?.name : null;
  const name = customerLabel(t, c.customer);

  return (
    <button type="button" class={`conv-item${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
      data-testid="conversation-item" data-conversation-id={c.id} aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(c.id)}>
      <span class="conv-top">
        <span class={`chan chan-${c.channel}`} title={t(`channel.${c.channel}`)}>
          <ChannelIcon channel={c.channel} size={14} />
          <span class="chan-label">{t(`channel.${c.channel}`)}</span>
        </span>
        <span class="conv-name">{name}</span>
        {unread && <><span class="unread-dot" aria-hidden="true" /><span class="sr-only">{t('list.unread')}</span></>}
        <time class="conv-time" dateTime={c.lastMessageAt}>{formatTime(c.lastMessageAt, lang, now)}</time>
      </span>
      {c.subject && <span class="conv-subject">{c.subject}</span>}
      <span class="conv-preview">
        {prefix && <span class="preview-prefix">{prefix} </span>}
        {last ? markdownToPlain(last.body).replace(/\s+/g, ' ') : t('list.noMessages')}
      </span>
      <span class="conv-meta">
        <PriorityBadge priority={c.priority} />
        <TypeBadge type={c.type} />
        {c.status !== 'open' && <StatusBadge status={c.status} />}
        {since && (
          <span class={`wait${c.slaBreachedAt ? ' breached' : waitSec > 600 ? ' late' : ''}`} title={t('list.waitingTitle')}>
            {t('list.waiting', { d: formatDuration(waitSec) })}
          </span>
        )}
        {c.slaBreachedAt && <span class="badge danger">{t('list.slaBreached')}</span>}
        <span class="conv-owner">{assignee ?? (team ? team : t('list.unassigned'))}</span>
      </span>
    </button>
  );
}
