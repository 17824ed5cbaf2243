// The composer's "/" picker: which saved replies match the word being typed, the highlighted one,
// its preview, and what inserting it does to the draft.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { cannedApi, type CannedResponse, type FilledReply } from '../api-canned.js';

/** "/word" right before the caret, at the start or after a space. */
const TRIGGER = /(^|\s)\/([A-Za-z0-9_-]{0,40})$/;

export interface PickerItem { id: string; shortcut: string; title: string; scope: string; suggested: boolean; useCount: number }
export interface Trigger { start: number; end: number; query: string }

export function findTrigger(text: string, caret: number): Trigger | null {
  const m = TRIGGER.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, end: caret, query: m[2]!.toLowerCase() } : null;
}

/** One entry per reply: language variants share a shortcut within a scope, and the server picks the variant. */
function rank(all: CannedResponse[], suggested: FilledReply[], query: string): PickerItem[] {
  const seen = new Set<string>();
  const out: PickerItem[] = [];
  const add = (r: { id: string; shortcut: string; title: string }, scope: string, useCount: number, isSuggested: boolean) => {
    const key = `${scope}/${r.shortcut}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ id: r.id, shortcut: r.shortcut, title: r.title, scope, suggested: isSuggested, useCount });
  };
  const scopeOf = new Map(all.map((r) => [r.id, `${r.scope}:${r.teamId ?? ''}`]));
  if (!query) for (const s of suggested) add(s, scopeOf.get(s.id) ?? 'x', 0, true);
  const q = query.toLowerCase();
  const matches = all.filter((r) => !q || r.shortcut.startsWith(q) || r.shortcut.includes(q) || r.title.toLowerCase().includes(q));
  matches.sort((a, b) => Number(b.shortcut.startsWith(q)) - Number(a.shortcut.startsWith(q)) || b.useCount - a.useCount || a.shortcut.localeCompare(b.shortcut));
  for (const r of matches) add(r, `${r.scope}:${r.teamId ?? ''}`, r.useCount, false);
  return out.slice(0, 30);
}

export function useCannedPicker(conversationId: string) {
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [all, setAll] = useState<CannedResponse[] | null>(null);
  const [suggested, setSuggested] = useState<FilledReply[]>([]);
  const [failed, setFailed] = useState(false);
  const [active, setActive] = useState(0);
  const [preview, setPreview] = useState<FilledReply | null>(null);
  const loadedFor = useRef<string | null>(null);
  const open = trigger !== null;

  useEffect(() => {
    if (!open || loadedFor.current === conversationId) return;
    loadedFor.current = conversationId;
    setFailed(false);
    cannedApi.list().then(setAll).catch(() => { setFailed(true); loadedFor.current = null; });
    cannedApi.suggestions(conversationId).then(setSuggested).catch(() => setSuggested([]));
  }, [open, conversationId]);
  useEffect(() => { loadedFor.current = null; setTrigger(null); }, [conversationId]);

  const items = useMemo(() => (all && trigger ? rank(all, suggested, trigger.query) : []), [all, suggested, trigger?.query]);
  useEffect(() => setActive(0), [trigger?.query]);
  const current = items[Math.min(active, items.length - 1)];

  useEffect(() => {
    if (!current) return setPreview(null);
    let live = true;
    const timer = setTimeout(() => cannedApi.preview(current.id, conversationId).then((p) => live && setPreview(p)).catch(() => live && setPreview(null)), 80);
    return () => { live = false; clearTimeout(timer); };
  }, [current?.id, conversationId]);

  return {
    open, trigger, items, active: Math.min(active, Math.max(0, items.length - 1)), preview, loading: open && !all && !failed, failed,
    /** Call on every input or caret move. */
    track: (text: string, caret: number) => setTrigger(findTrigger(text, caret)),
    close: () => setTrigger(null),
    move: (delta: number) => setActive((i) => (items.length ? (i + delta + items.length) % items.length : 0)),
    setActive,
    /** The filled text of the highlighted (or given) reply; counts one use. */
    choose: (item = current) => (item ? cannedApi.use(item.id, conversationId) : Promise.resolve(null)),
  };
}
export type CannedPicker = ReturnType<typeof useCannedPicker>;
