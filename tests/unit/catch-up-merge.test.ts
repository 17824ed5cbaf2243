// A catch-up answer repeats recent messages the client already holds and may carry a late commit
// with an id below the client's cursor: the widget and the console show each id once, in id order.
import { describe, expect, it } from 'vitest';
import { mergeMessages as mergeConsole } from '../../agent-console/src/util.js';
import type { StaffMessage } from '../../agent-console/src/types.js';
import type { PublicMessage } from '../../server/realtime/contract.js';
import { addLocal, lastSeenId, mergeMessages as mergeWidget } from '../../widget/src/store.js';

const pub = (id: number, over: Partial<PublicMessage> = {}): PublicMessage => ({
  id, conversationId: 'c1', body: `m${id}`, authorKind: 'agent', authorName: 'Ana', clientMessageId: null,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(), attachments: [], ...over,
});
const staff = (id: number, over: Partial<StaffMessage> = {}): StaffMessage => ({
  ...pub(id), direction: 'out', authorId: 'u1', private: false, deliveryStatus: 'sent', deliveryError: null, attachments: [], ...over,
});

describe('widget: merging a look-back sync', () => {
  it('adds the late id between held ones and repeats nothing', () => {
    const held = mergeWidget([], [pub(101), pub(103), pub(105)]);
    const answer = [pub(101), pub(103), pub(104), pub(105), pub(106)]; // 104 committed late; 106 is new
    const merged = mergeWidget(held, answer);
    expect(merged.map((m) => m.id)).toEqual([101, 103, 104, 105, 106]);
    expect(new Set(merged.map((m) => m.key)).size).toBe(merged.length);
    expect(lastSeenId(merged)).toBe(106);
    // The same answer again changes nothing.
    expect(mergeWidget(merged, answer).map((m) => m.id)).toEqual([101, 103, 104, 105, 106]);
  });

  it("a late copy of the visitor's own send replaces its pending line instead of adding one", () => {
    const local = addLocal(mergeWidget([], [pub(105)]), { clientMessageId: 'own', body: 'hi', createdAt: new Date().toISOString() });
    const merged = mergeWidget(local, [pub(104, { clientMessageId: 'own', authorKind: 'customer', body: 'hi' }), pub(105)]);
    expect(merged.map((m) => [m.id, m.status])).toEqual([[104, 'sent'], [105, 'sent']]);
  });
});

describe('console: merging a look-back catch-up', () => {
  it('adds the late id between held ones and repeats nothing', () => {
    const held = [staff(101), staff(103), staff(105)];
    const merged = mergeConsole(held, [staff(103), staff(104), staff(105, { deliveryStatus: 'delivered' }), staff(106)]);
    expect(merged.map((m) => m.id)).toEqual([101, 103, 104, 105, 106]);
    expect(merged.find((m) => m.id === 105)!.deliveryStatus).toBe('delivered');
  });
});
