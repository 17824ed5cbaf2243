// One open conversation: load it, watch it live, merge messages by id, catch up after a reconnect,
// and follow the other side's typing.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useSession } from '../context.js';
import { watchConversation } from '../socket.js';
import type { ConversationSummary, ReplyLimit, RoutingEntry, StaffMessage } from '../types.js';
import { mergeMessages } from '../util.js';
import { useSocketEvent } from './useSocketEvent.js';

export interface TypingState {
  who: 'customer' | 'agent';
  name: string | null;
}

export interface ConversationState {
  summary: ConversationSummary | null;
  messages: StaffMessage[];
  routing: RoutingEntry[];
  /** How long a reply and a note may be on this conversation's channel (from the server). */
  limits: { reply: ReplyLimit; noteMaxChars: number } | null;
  loading: boolean;
  error: string | null;
  typing: TypingState | null;
  /** Older messages are on the server (the conversation opens with the newest 50). */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Loads the page before the oldest message shown; resolves when it is merged. */
  loadOlder: () => Promise<void>;
  addMessage: (m: StaffMessage) => void;
  applySummary: (c: ConversationSummary) => void;
}

const TYPING_TTL_MS = 8_000;

export function useConversation(id: string): ConversationState {
  const { socket, epoch } = useSession();
  const [summary, setSummary] = useState<ConversationSummary | null>(null);
  const [messages, setMessages] = useState<StaffMessage[]>([]);
  const [routing, setRouting] = useState<RoutingEntry[]>([]);
  const [limits, setLimits] = useState<ConversationState['limits']>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<TypingState | null>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const lastId = useRef(0);
  // The loaded window: from windowStart (the oldest id the pages brought; 0 before the first) to the
  // newest. While older pages remain, a message below it (a late commit from catch-up) waits for its page.
  const windowStart = useRef(0);
  const olderLeft = useRef(false);
  const olderBusy = useRef(false);
  const opened = useRef(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const metaTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const summaryRef = useRef<ConversationSummary | null>(null);

  const merge = useCallback((incoming: StaffMessage[]) => {
    const mine = incoming.filter((m) => m.conversationId === id && !(olderLeft.current && m.id < windowStart.current));
    if (!mine.length) return;
    for (const m of mine) lastId.current = Math.max(lastId.current, m.id);
    setMessages((cur) => mergeMessages(cur, mine));
  }, [id]);

  const applySummary = useCallback((c: ConversationSummary) => {
    summaryRef.current = c;
    setSummary(c);
  }, []);

  /** Summary and routing timeline (messages from the same answer are merged, never duplicated). */
  const refreshMeta = useCallback(async () => {
    const d = await api.conversation(id);
    const { messages: ms, routing: rs, replyLimit, noteMaxChars, hasOlder: older, ...rest } = d;
    // A refresh brings the newest page again: only the first answer sets the window and says whether older ones exist.
    if (!opened.current) {
      opened.current = true;
      windowStart.current = ms[0]?.id ?? 0;
      olderLeft.current = older;
      setHasOlder(older);
    }
    applySummary(rest);
    setRouting(rs);
    setLimits({ reply: replyLimit, noteMaxChars });
    merge(ms);
  }, [id, merge, applySummary]);

  const loadOlder = useCallback(async () => {
    if (olderBusy.current || !olderLeft.current) return;
    olderBusy.current = true;
    setLoadingOlder(true);
    try {
      const page = await api.olderMessages(id, windowStart.current);
      windowStart.current = page.messages[0]?.id ?? windowStart.current;
      olderLeft.current = page.hasOlder;
      merge(page.messages);
      setHasOlder(page.hasOlder);
    } finally {
      olderBusy.current = false;
      setLoadingOlder(false);
    }
  }, [id, merge]);

  const catchUp = useCallback(async () => {
    const { messages: ms } = await api.messagesAfter(id, lastId.current);
    merge(ms);
  }, [id, merge]);

  // Open: watch and load together; once both are done, fetch anything that slipped between them.
  useEffect(() => {
    let cancelled = false;
    lastId.current = 0;
    windowStart.current = 0;
    olderLeft.current = false;
    opened.current = false;
    setHasOlder(false);
    setLoading(true);
    setError(null);
    setMessages([]);
    setRouting([]);
    setTyping(null);
    setSummary(null);
    summaryRef.current = null;
    const watched = socket ? watchConversation(socket, id) : Promise.resolve(false);
    const loaded = refreshMeta();
    loaded
      .then(() => !cancelled && setLoading(false))
      .catch((err: Error) => {
        if (cancelled) return;
        setError(err.message);
        setLoading(false);
      });
    void Promise.all([watched, loaded]).then(([ok]) => (ok && !cancelled ? catchUp() : undefined)).catch(() => undefined);
    return () => {
      cancelled = true;
      clearTimeout(typingTimer.current);
      clearTimeout(metaTimer.current);
      socket?.emit('conversation.unwatch', { conversationId: id });
    };
  }, [id, socket]);

  // Reconnected: the server forgot our rooms. Watch again, then fetch what we missed.
  useEffect(() => {
    if (!epoch || !socket) return;
    void watchConversation(socket, id).then(() => Promise.all([catchUp(), refreshMeta()])).catch(() => undefined);
  }, [epoch]);

  useSocketEvent(socket, 'message.created', (m) => {
    if (m.conversationId !== id) return;
    merge([m]);
    if (m.authorKind === 'customer') setTyping((t) => (t?.who === 'customer' ? null : t));
  });
  useSocketEvent(socket, 'message.updated', (m) => merge([m]));
  useSocketEvent(socket, 'conversation.updated', (c) => {
    if (c.id !== id) return;
    const prev = summaryRef.current;
    applySummary(c);
    // Assignment, transfer and status changes add routing decisions: refresh the timeline.
    if (!prev || prev.assigneeId !== c.assigneeId || prev.teamId !== c.teamId || prev.status !== c.status || prev.type !== c.type) {
      clearTimeout(metaTimer.current);
      metaTimer.current = setTimeout(() => void refreshMeta().catch(() => undefined), 400);
    }
  });
  useSocketEvent(socket, 'typing.updated', (p) => {
    if (p.conversationId !== id) return;
    clearTimeout(typingTimer.current);
    if (!p.typing) return setTyping(null);
    setTyping({ who: p.who, name: p.name });
    typingTimer.current = setTimeout(() => setTyping(null), TYPING_TTL_MS);
  });

  return { summary, messages, routing, limits, loading, error, typing, hasOlder, loadingOlder, loadOlder, addMessage: (m) => merge([m]), applySummary };
}
