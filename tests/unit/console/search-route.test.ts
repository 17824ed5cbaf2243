// A search hit opens #/inbox/<conversationId>/m/<messageId>: the route carries the message to scroll to.
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../agent-console/src/hooks/useHashRoute.js';

describe('search hit route', () => {
  it('reads the message id after /m/, and ignores anything else there', () => {
    expect(parseHash('#/inbox/c1/m/42')).toEqual({ page: 'inbox', conversationId: 'c1', messageId: 42 });
    expect(parseHash('#/inbox/c1')).toEqual({ page: 'inbox', conversationId: 'c1', messageId: null });
    expect(parseHash('#/inbox/c1/m/4x')).toMatchObject({ conversationId: 'c1', messageId: null });
    expect(parseHash('#/inbox/c1/m/12345678901')).toMatchObject({ messageId: null });
    expect(parseHash('#/inbox/bad id/m/1')).toMatchObject({ conversationId: null, messageId: null });
  });
});
