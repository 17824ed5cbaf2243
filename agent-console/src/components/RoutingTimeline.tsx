// Why the conversation is where it is: every routing decision with its reason, oldest first.
import { useI18n, useSession } from '../context.js';
import type { RoutingEntry } from '../types.js';
import { formatTime } from '../util.js';

const KNOWN = ['classified', 'queued', 'assigned', 'released', 'transferred', 'overflowed', 'triaged', 'started'] as const;
type Known = (typeof KNOWN)[number];

export function RoutingTimeline({ routing }: { routing: RoutingEntry[] }) {
  const { t, lang } = useI18n();
  const { users, teams } = useSession();
  const reason = (text: string) => {
    const manual = /^manual, by (\S+)$/.exec(text);
    return manual ? t('routing.manualBy', { name: users.find((u) => u.id === manual[1])?.name ?? manual[1]! }) : text;
  };
  const label = (a: string) => ((KNOWN as readonly string[]).includes(a) ? t(`routing.${a as Known}`) : a);
  return (
    <section class="panel" aria-label={t('routing.title')}>
      <h2 class="panel-title">{t('routing.title')}</h2>
      {routing.length === 0 ? (
        <p class="muted small">{t('routing.none')}</p>
      ) : (
        <ol class="timeline">
          {routing.map((r, i) => {
            const team = r.teamId ? teams.find((x) => x.id === r.teamId)?.name : null;
            const agent = r.agentId ? users.find((x) => x.id === r.agentId)?.name : null;
            return (
              <li key={`${r.createdAt}-${i}`} class={`tl tl-${r.action}`}>
                <div class="tl-head">
                  <span class="tl-action">{label(r.action)}</span>
                  <time class="muted small" dateTime={r.createdAt}>{formatTime(r.createdAt, lang)}</time>
                </div>
                {(team || agent) && <div class="tl-target">{[team, agent].filter(Boolean).join(' · ')}</div>}
                <div class="tl-reason">{reason(r.reason)}</div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
