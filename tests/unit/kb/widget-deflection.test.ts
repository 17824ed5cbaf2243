// The widget's deflection rule: one beacon per page view, only if an article was read and no chat began.
import { describe, expect, it } from 'vitest';
import { DeflectionTracker } from '../../../widget/src/deflection.js';

/** A stand-in page: EventTargets for window and document, and a settable visibility. */
function fakePage() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const page = Object.assign(win, { document: doc }) as unknown as Window;
  return {
    page,
    hide: () => { doc.visibilityState = 'hidden'; doc.dispatchEvent(new Event('visibilitychange')); },
    show: () => { doc.visibilityState = 'visible'; doc.dispatchEvent(new Event('visibilitychange')); },
    leave: () => win.dispatchEvent(new Event('pagehide')),
  };
}

describe('DeflectionTracker', () => {
  it('sends the last article read once, when the page is hidden or left', () => {
    const sent: string[] = [];
    const p = fakePage();
    const tracker = new DeflectionTracker((id) => sent.push(id), p.page);
    tracker.read('a1');
    tracker.read('a2');
    p.show();
    expect(sent).toEqual([]);
    p.hide();
    p.show();
    p.hide();
    p.leave();
    expect(sent).toEqual(['a2']);
  });

  it('sends nothing when no article was read', () => {
    const sent: string[] = [];
    const p = fakePage();
    new DeflectionTracker((id) => sent.push(id), p.page);
    p.leave();
    expect(sent).toEqual([]);
  });

  it('sends nothing once the visitor started a chat, before or after reading', () => {
    for (const chatFirst of [true, false]) {
      const sent: string[] = [];
      const p = fakePage();
      const tracker = new DeflectionTracker((id) => sent.push(id), p.page);
      if (chatFirst) tracker.chatStarted();
      tracker.read('a1');
      if (!chatFirst) tracker.chatStarted();
      p.leave();
      expect(sent).toEqual([]);
    }
  });
});
