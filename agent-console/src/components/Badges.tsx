// Small labelled badges: priority, request type, status.
import { useI18n } from '../context.js';
import type { ConversationStatus, RequestType } from '../types.js';

const PRIORITY = ['low', 'normal', 'high', 'urgent'] as const;

export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useI18n();
  const p = PRIORITY[Math.min(3, Math.max(0, priority))]!;
  return <span class={`badge prio-${p}`} title={t('badge.priority')}>{t(`priority.${p}`)}</span>;
}

export function TypeBadge({ type }: { type: RequestType | null }) {
  const { t } = useI18n();
  if (!type) return null;
  return <span class={`badge type-${type}`} title={t('badge.type')}>{t(`type.${type}`)}</span>;
}

export function StatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useI18n();
  return <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
